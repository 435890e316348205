package i18n

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Catalog is one language's messages and formats.
type Catalog struct {
	Tag  string // BCP 47 tag, as in <html lang>: "es"
	Name string // the language's name in itself: "Español"

	messages map[string]string
	plural   pluralRule
	decimal  string
	group    string
	minGroup int // CLDR minimumGroupingDigits: group only numbers of more than 3+minGroup-1 digits
	months   [12]string
	date     string // pattern with {d} {month} {m} {yyyy}
	dir      string // "ltr" or "rtl"
}

// file is a catalogue as written in locales/*.json. Keys starting with an
// underscore are settings; every other key is a message.
type file struct {
	Name    string            `json:"_name"`
	Plural  string            `json:"_plural"`
	Decimal string            `json:"_decimal"`
	Group   string            `json:"_group"`
	Months  []string          `json:"_months"`
	MinGrp  int               `json:"_min_grouping"`
	Date    string            `json:"_date"`
	Dir     string            `json:"_dir"`
	Msgs    map[string]string `json:"-"`
}

// parseCatalog reads one catalogue; tag comes from the file name.
func parseCatalog(tag string, data []byte) (*Catalog, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", tag, err)
	}
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", tag, err)
	}
	c := &Catalog{Tag: tag, Name: f.Name, decimal: f.Decimal, group: f.Group, date: f.Date, dir: f.Dir, messages: map[string]string{}}
	rule, ok := pluralRules[f.Plural]
	if !ok {
		return nil, fmt.Errorf("%s: unknown _plural rule %q", tag, f.Plural)
	}
	c.plural = rule
	if len(f.Months) != 12 {
		return nil, fmt.Errorf("%s: _months must name 12 months", tag)
	}
	copy(c.months[:], f.Months)
	if c.Name == "" || c.decimal == "" || c.date == "" {
		return nil, fmt.Errorf("%s: _name, _decimal and _date are required", tag)
	}
	c.minGroup = f.MinGrp
	if c.minGroup < 1 {
		c.minGroup = 1
	}
	if c.dir == "" {
		c.dir = "ltr"
	}
	for k, v := range raw {
		if strings.HasPrefix(k, "_") {
			continue
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, fmt.Errorf("%s: message %q is not a string", tag, k)
		}
		c.messages[k] = s
	}
	return c, nil
}

// Dir returns the writing direction, "ltr" or "rtl", for <html dir>.
func (c *Catalog) Dir() string { return c.dir }

// Keys returns the catalogue's message keys, sorted.
func (c *Catalog) Keys() []string {
	keys := make([]string, 0, len(c.messages))
	for k := range c.messages {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

// placeholders returns the sorted distinct placeholders of a message.
func placeholders(s string) []string {
	found := placeholder.FindAllString(s, -1)
	sort.Strings(found)
	out := found[:0]
	for i, p := range found {
		if i == 0 || p != found[i-1] {
			out = append(out, p)
		}
	}
	return out
}

// T returns the message for key with its {placeholders} replaced by the
// values given as name, value pairs. A missing key returns the key itself,
// so a gap shows on the page rather than breaking it (the catalogue test
// makes sure there are none).
func (c *Catalog) T(key string, args ...any) string {
	msg, ok := c.messages[key]
	if !ok {
		return key
	}
	return c.fill(msg, args)
}

// N returns the plural form of key for count n: the message key.one,
// key.few, key.many or key.other, as the language's rule chooses, falling
// back to key.other. {n} is replaced by the count written as a number.
func (c *Catalog) N(key string, n int64, args ...any) string {
	msg, ok := c.messages[key+"."+c.plural(n)]
	if !ok {
		msg, ok = c.messages[key+".other"]
		if !ok {
			return key
		}
	}
	return c.fill(msg, append([]any{"n", c.Int(n)}, args...))
}

func (c *Catalog) fill(msg string, args []any) string {
	if len(args) == 0 || !strings.Contains(msg, "{") {
		return msg
	}
	pairs := make([]string, 0, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		pairs = append(pairs, "{"+fmt.Sprint(args[i])+"}", fmt.Sprint(args[i+1]))
	}
	return strings.NewReplacer(pairs...).Replace(msg)
}

// Int writes n with the language's digit grouping.
func (c *Catalog) Int(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if len(s) >= 3+c.minGroup {
		var b strings.Builder
		pre := len(s) % 3
		if pre > 0 {
			b.WriteString(s[:pre])
		}
		for i := pre; i < len(s); i += 3 {
			if b.Len() > 0 {
				b.WriteString(c.group)
			}
			b.WriteString(s[i : i+3])
		}
		s = b.String()
	}
	if neg {
		s = "−" + s
	}
	return s
}

// Decimal writes x with prec digits after the language's decimal sign.
func (c *Catalog) Decimal(x float64, prec int) string {
	s := strconv.FormatFloat(x, 'f', prec, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.ParseInt(whole, 10, 64)
	out := c.Int(n)
	if frac != "" {
		out += c.decimal + frac
	}
	if neg {
		out = "−" + out
	}
	return out
}

// Percent writes a fraction (0.5) as a percentage ("50 %" or "50%") with
// prec decimals, following the catalogue's "percent" message.
func (c *Catalog) Percent(fraction float64, prec int) string {
	return c.T("percent", "value", c.Decimal(fraction*100, prec))
}

// Minutes writes a labour time given in minutes as hours and minutes, by
// the catalogue's "duration" message.
func (c *Catalog) Minutes(m int64) string {
	neg := m < 0
	if neg {
		m = -m
	}
	s := c.T("duration", "h", c.Int(m/60), "m", fmt.Sprintf("%02d", m%60))
	if neg {
		s = "−" + s
	}
	return s
}

// Date writes t's calendar date, in UTC, by the language's pattern.
func (c *Catalog) Date(t time.Time) string {
	t = t.UTC()
	return strings.NewReplacer(
		"{d}", strconv.Itoa(t.Day()),
		"{dd}", fmt.Sprintf("%02d", t.Day()),
		"{m}", fmt.Sprintf("%02d", int(t.Month())),
		"{month}", c.months[t.Month()-1],
		"{yyyy}", strconv.Itoa(t.Year()),
	).Replace(c.date)
}

// DateTime writes t's date and time of day (UTC, 24-hour clock).
func (c *Catalog) DateTime(t time.Time) string {
	return c.Date(t) + " " + t.UTC().Format("15:04") + " UTC"
}
