package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed locales/*.json
var embedded embed.FS

// Fallback is the language every catalogue is checked against and the one
// used when nothing else matches.
const Fallback = "en"

// Bundle is the set of catalogues a server offers.
type Bundle struct {
	cats map[string]*Catalog
	tags []string // sorted
}

// Default returns the bundle of the catalogues embedded in the binary.
func Default() *Bundle {
	b, err := Load(embedded)
	if err != nil {
		panic(fmt.Sprintf("i18n: embedded catalogues: %v", err)) // a build error, caught by tests
	}
	return b
}

// Load reads every locales/*.json catalogue of fsys.
func Load(fsys fs.FS) (*Bundle, error) {
	names, err := fs.Glob(fsys, "locales/*.json")
	if err != nil {
		return nil, err
	}
	b := &Bundle{cats: make(map[string]*Catalog)}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		tag := strings.TrimSuffix(path.Base(name), ".json")
		c, err := parseCatalog(tag, data)
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		b.cats[strings.ToLower(tag)] = c
		b.tags = append(b.tags, tag)
	}
	if b.cats[Fallback] == nil {
		return nil, fmt.Errorf("i18n: no %s catalogue", Fallback)
	}
	sort.Strings(b.tags)
	return b, nil
}

// Tags returns the languages offered, sorted.
func (b *Bundle) Tags() []string { return append([]string(nil), b.tags...) }

// Catalog returns the catalogue for tag, or nil.
func (b *Bundle) Catalog(tag string) *Catalog { return b.cats[strings.ToLower(tag)] }

// Match chooses a catalogue: the member's own setting when it names a
// language offered, else the best match for the Accept-Language header
// (exact tag, then the base language: "es-AR" takes "es"), else English.
func (b *Bundle) Match(setting, acceptLanguage string) *Catalog {
	if c := b.lookup(setting); c != nil {
		return c
	}
	for _, tag := range ParseAcceptLanguage(acceptLanguage) {
		if c := b.lookup(tag); c != nil {
			return c
		}
	}
	return b.cats[Fallback]
}

func (b *Bundle) lookup(tag string) *Catalog {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if tag == "" {
		return nil
	}
	if c := b.cats[tag]; c != nil {
		return c
	}
	if base, _, ok := strings.Cut(tag, "-"); ok {
		return b.cats[base]
	}
	return nil
}

// ParseAcceptLanguage returns the tags of an Accept-Language header in
// order of preference (by q value, stable), leaving out "*", tags with
// q=0 and anything malformed.
func ParseAcceptLanguage(h string) []string {
	type pref struct {
		tag string
		q   float64
	}
	var prefs []pref
	for _, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag = strings.TrimSpace(tag)
		if tag == "" || tag == "*" || len(tag) > 35 || !validTag(tag) {
			continue
		}
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.TrimSpace(k) == "q" {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0
				}
				q = f
			}
		}
		if q > 0 {
			prefs = append(prefs, pref{tag, q})
		}
	}
	sort.SliceStable(prefs, func(i, j int) bool { return prefs[i].q > prefs[j].q })
	out := make([]string, len(prefs))
	for i, p := range prefs {
		out[i] = p.tag
	}
	return out
}

// validTag accepts letters, digits and hyphens, starting with a letter.
func validTag(s string) bool {
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case (r >= '0' && r <= '9' || r == '-') && i > 0:
		default:
			return false
		}
	}
	return true
}
