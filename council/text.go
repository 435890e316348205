package council

import (
	"sort"
	"unicode"
	"unicode/utf8"
)

// utf8Valid reports whether v is valid UTF-8 without control characters
// other than newline and tab: names and texts go on the public record.
func utf8Valid(v string) bool {
	if !utf8.ValidString(v) {
		return false
	}
	for _, r := range v {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			return false
		}
	}
	return true
}

func sortStrings(v []string) { sort.Strings(v) }
