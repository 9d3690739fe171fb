// A prefilter for text searches, added by the 12314 platform's patched build (docs/ferretdb.md,
// "Patched: text searches skip documents in SQLite").
//
// A $regex that is a plain literal (the staff list's search: an escaped text, on the description
// or the tracking number) can only match a document whose stored JSON contains that literal
// verbatim, as long as the literal holds no character JSON escapes. So SQLite can skip every other
// row with instr() on the stored text, without FerretDB decoding it. Like the keyed plans it only
// narrows what is read: the handler still applies the whole filter to each document.

package sqlite

import (
	"strings"
	"unicode/utf8"

	"github.com/FerretDB/FerretDB/internal/types"
)

// regexLiterals returns literals every matching document must contain: one for each literal
// $regex on a field, and one for each $or whose branches are all the same literal.
func regexLiterals(filter *types.Document) []string {
	var literals []string

	for _, key := range filter.Keys() {
		value, _ := filter.Get(key)

		switch {
		case key == "$and":
			list, _ := value.(*types.Array)
			for i := 0; list != nil && i < list.Len(); i++ {
				if doc, ok := valueOf(list.Get(i)).(*types.Document); ok {
					literals = append(literals, regexLiterals(doc)...)
				}
			}
		case key == "$or":
			if literal, ok := sharedLiteral(value); ok {
				literals = append(literals, literal)
			}
		case !strings.HasPrefix(key, "$"):
			if literal, ok := fieldLiteral(value); ok {
				literals = append(literals, literal)
			}
		}
	}

	return literals
}

// valueOf drops the error of a Get: a missing key or index is a nil value here.
func valueOf(v any, _ error) any { return v }

// sharedLiteral: an $or of branches that each hold one field's literal $regex, all the same.
func sharedLiteral(value any) (string, bool) {
	list, _ := value.(*types.Array)
	if list == nil || list.Len() == 0 {
		return "", false
	}

	var shared string

	for i := 0; i < list.Len(); i++ {
		branch, _ := valueOf(list.Get(i)).(*types.Document)
		if branch == nil || branch.Len() != 1 || strings.HasPrefix(branch.Keys()[0], "$") {
			return "", false
		}

		literal, ok := fieldLiteral(branch.Values()[0])
		if !ok || (i > 0 && literal != shared) {
			return "", false
		}

		shared = literal
	}

	return shared, true
}

// fieldLiteral: {$regex: pattern[, $options]} or a regex value, when the pattern is a literal.
func fieldLiteral(value any) (string, bool) {
	switch v := value.(type) {
	case types.Regex:
		return literalOf(v.Pattern, v.Options)
	case *types.Document:
		if !v.Has("$regex") {
			return "", false
		}

		var pattern, options string

		for _, key := range v.Keys() {
			switch operand := valueOf(v.Get(key)); {
			case key == "$regex":
				switch p := operand.(type) {
				case string:
					pattern = p
				case types.Regex:
					pattern, options = p.Pattern, options+p.Options
				default:
					return "", false
				}
			case key == "$options":
				o, ok := operand.(string)
				if !ok {
					return "", false
				}

				options += o
			default:
				return "", false // another operator beside it: leave the document to the handler
			}
		}

		return literalOf(pattern, options)
	}

	return "", false
}

// literalOf returns the text a pattern matches when it is a literal: ordinary characters and
// escaped punctuation (\. \( ...), with no option that changes what matches (i, x).
func literalOf(pattern, options string) (string, bool) {
	if strings.ContainsAny(options, "ix") || strings.Trim(options, "ms") != "" {
		return "", false
	}

	var b strings.Builder

	for i := 0; i < len(pattern); i++ {
		c := pattern[i]

		switch {
		case c == '\\':
			i++
			if i >= len(pattern) || !isASCIIPunctuation(pattern[i]) {
				return "", false
			}

			b.WriteByte(pattern[i])
		case strings.IndexByte(`.^$|?*+()[]{}`, c) >= 0:
			return "", false
		default:
			b.WriteByte(c)
		}
	}

	literal := b.String()

	return literal, literal != "" && utf8.ValidString(literal) && !needsJSONEscape(literal)
}

func isASCIIPunctuation(c byte) bool {
	return c > ' ' && c < 0x7f && !('0' <= c && c <= '9') && !('a' <= c && c <= 'z') && !('A' <= c && c <= 'Z')
}

// needsJSONEscape: characters that encoding/json writes as escapes (so the stored text would not
// contain them verbatim).
func needsJSONEscape(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == '"' || r == '\\' || r == '<' || r == '>' || r == '&' || r == '\u2028' || r == '\u2029' {
			return true
		}
	}

	return false
}
