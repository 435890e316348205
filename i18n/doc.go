// Package i18n holds Commune's message catalogues and the rules to use
// them: choosing a language from a member's setting and the browser's
// Accept-Language, plural forms, and numbers and dates written the way
// each language writes them.
//
// A catalogue is one JSON file in locales/, named by its BCP 47 tag
// (es.json). Adding a language means adding one file: besides the
// messages it names its plural rule (from the families in plural.go),
// its number separators, its month names and its date pattern. Every
// catalogue must have exactly the keys of the English one, with the same
// placeholders; a test checks it.
//
// The package does no I/O of its own: Load reads from an fs.FS, by
// default the catalogues embedded in the binary.
package i18n
