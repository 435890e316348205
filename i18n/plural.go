package i18n

// A plural rule maps a count to its CLDR plural category: "one", "few",
// "many" or "other". Catalogues name the rule family they follow; the
// families below cover most languages (CLDR's language plural rules).
type pluralRule func(n int64) string

var pluralRules = map[string]pluralRule{
	// English, German, Spanish, Italian, Dutch, Swedish…: 1 is "one".
	"one_other": func(n int64) string {
		if n == 1 {
			return "one"
		}
		return "other"
	},
	// French, Portuguese (Brazil): 0 and 1 are "one".
	"zero_one_other": func(n int64) string {
		if n == 0 || n == 1 {
			return "one"
		}
		return "other"
	},
	// Russian, Ukrainian, Belarusian: 1, 21, 31… "one"; 2–4, 22–24… "few";
	// the rest "many".
	"east_slavic": func(n int64) string {
		if n < 0 {
			n = -n
		}
		m10, m100 := n%10, n%100
		switch {
		case m10 == 1 && m100 != 11:
			return "one"
		case m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14):
			return "few"
		default:
			return "many"
		}
	},
	// Polish: 1 "one"; 2–4, 22–24… "few"; the rest "many".
	"polish": func(n int64) string {
		if n < 0 {
			n = -n
		}
		m10, m100 := n%10, n%100
		switch {
		case n == 1:
			return "one"
		case m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14):
			return "few"
		default:
			return "many"
		}
	},
	// Chinese, Japanese, Korean, Vietnamese…: no plural forms.
	"none": func(int64) string { return "other" },
}
