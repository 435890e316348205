package i18n

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var pluralSuffixes = []string{".one", ".few", ".many", ".other"}

// splitPlural returns the base of a plural key ("members.count") or "".
func splitPlural(key string) string {
	for _, s := range pluralSuffixes {
		if strings.HasSuffix(key, s) {
			return strings.TrimSuffix(key, s)
		}
	}
	return ""
}

// TestCataloguesComplete checks every catalogue against English: the same
// messages, the same placeholders, and every plural form its rule uses.
func TestCataloguesComplete(t *testing.T) {
	b := Default()
	en := b.Catalog(Fallback)
	want := map[string][]string{} // key (or plural base) → placeholders
	for _, k := range en.Keys() {
		base := splitPlural(k)
		if base == "" {
			want[k] = placeholders(en.messages[k])
		} else if strings.HasSuffix(k, ".other") {
			want[base] = placeholders(en.messages[k])
		}
	}
	for _, tag := range b.Tags() {
		c := b.Catalog(tag)
		got := map[string][]string{}
		for _, k := range c.Keys() {
			base := splitPlural(k)
			if base == "" {
				got[k] = placeholders(c.messages[k])
				continue
			}
			if _, ok := c.messages[base+".other"]; !ok {
				t.Errorf("%s: %s has no .other form", tag, base)
			}
			got[base] = placeholders(c.messages[base+".other"])
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: keys or placeholders differ from English (-en +%s):\n%s", tag, tag, diff)
		}
		// Every category the rule can produce has its form.
		for base := range got {
			if _, plural := c.messages[base+".other"]; !plural {
				continue
			}
			for n := int64(0); n < 200; n++ {
				cat := c.plural(n)
				if _, ok := c.messages[base+"."+cat]; !ok && cat != "other" {
					t.Errorf("%s: %s lacks the %q form (needed for %d)", tag, base, cat, n)
					break
				}
			}
		}
	}
}

func TestPlural(t *testing.T) {
	ru := Default().Catalog("ru")
	tests := []struct {
		n    int64
		want string
	}{
		{1, "1 член"}, {2, "2 члена"}, {5, "5 членов"}, {11, "11 членов"}, {21, "21 член"},
		{22, "22 члена"}, {112, "112 членов"}, {1001, "1\u00a0001 член"},
	}
	for _, tt := range tests {
		if got := ru.N("members.count", tt.n); got != tt.want {
			t.Errorf("ru %d: got %q, want %q", tt.n, got, tt.want)
		}
	}
	en := Default().Catalog("en")
	if got := en.N("members.count", 1); got != "1 member" {
		t.Errorf("en 1: %q", got)
	}
	if got := en.N("members.count", 1000000); got != "1,000,000 members" {
		t.Errorf("en 10^6: %q", got)
	}
}

func TestNumbersAndDates(t *testing.T) {
	b := Default()
	day := time.Date(2026, time.March, 8, 14, 5, 0, 0, time.UTC)
	tests := []struct {
		tag, dec, date, minutes string
	}{
		{"en", "1,234.57", "8 March 2026", "8 h 05 min"},
		{"es", "1234,57", "8 de marzo de 2026", "8 h 05 min"},
		{"de", "1.234,57", "8. März 2026", "8 Std. 05 Min."},
		{"ru", "1\u00a0234,57", "8 марта 2026 г.", "8 ч 05 мин"},
	}
	for _, tt := range tests {
		c := b.Catalog(tt.tag)
		if got := c.Decimal(1234.567, 2); got != tt.dec {
			t.Errorf("%s decimal: %q, want %q", tt.tag, got, tt.dec)
		}
		if got := c.Date(day); got != tt.date {
			t.Errorf("%s date: %q, want %q", tt.tag, got, tt.date)
		}
		if got := c.Minutes(485); got != tt.minutes {
			t.Errorf("%s minutes: %q, want %q", tt.tag, got, tt.minutes)
		}
	}
	if got := b.Catalog("en").Int(-1234567); got != "−1,234,567" {
		t.Errorf("negative: %q", got)
	}
	if got := b.Catalog("es").Int(12345); got != "12.345" {
		t.Errorf("es five digits: %q", got)
	}
}

func TestMatch(t *testing.T) {
	b := Default()
	tests := []struct {
		setting, header, want string
	}{
		{"", "es-AR,es;q=0.9,en;q=0.5", "es"},
		{"", "fr-FR, de;q=0.8, en;q=0.9", "en"},
		{"", "fr, de;q=0.8", "de"},
		{"ru", "es", "ru"},
		{"xx", "de-CH", "de"},
		{"", "", "en"},
		{"", "*;q=1, es;q=0", "en"},
		{"", "de;q=garbage, es;q=0.1", "es"},
	}
	for _, tt := range tests {
		if got := b.Match(tt.setting, tt.header).Tag; got != tt.want {
			t.Errorf("Match(%q, %q) = %s, want %s", tt.setting, tt.header, got, tt.want)
		}
	}
}

func FuzzParseAcceptLanguage(f *testing.F) {
	f.Add("es-AR,es;q=0.9,en;q=0.5")
	f.Add("*;q=0.1, ;;,q=")
	f.Fuzz(func(t *testing.T, h string) {
		for _, tag := range ParseAcceptLanguage(h) {
			if tag == "" || !validTag(tag) {
				t.Fatalf("invalid tag %q from %q", tag, h)
			}
		}
		_ = Default().Match("", h)
	})
}
