// A fast decoder for stored documents, added by the 12314 platform's patched build
// (docs/ferretdb.md, "Patched: one pass to decode a stored document").
//
// Upstream decodes every document it reads with encoding/json several times over: the document
// into raw messages, the schema by reflection, then each value through a json.Decoder of its own.
// That took two thirds of the CPU of any query that reads many documents. This decoder walks the
// JSON once, guided by the schema. It takes only what it fully understands, in the shape
// upstream's Marshal writes; on anything else (another key order, a duplicate key, an unknown
// schema field, a number or literal it does not expect) it declines, and upstream's decoder
// (mwrUpstreamUnmarshal) decodes the document, so odd input gets upstream's result or error.
//
// With MWR_SJSON_CHECK=1 in the environment every document is decoded both ways and a difference
// is returned as an error; the project's test suite runs its database that way.

package sjson

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
)

var mwrCheckFastDecoder = os.Getenv("MWR_SJSON_CHECK") == "1"

// Unmarshal decodes the top-level document.
// It decodes document's schema from the `$s` field and uses it to decode the data of the document.
func Unmarshal(data []byte) (*types.Document, error) {
	doc, ok := mwrFastUnmarshal(data)
	if !ok {
		return mwrUpstreamUnmarshal(data)
	}

	if mwrCheckFastDecoder {
		if err := mwrCompareWithUpstream(data, doc); err != nil {
			return nil, err
		}
	}

	return doc, nil
}

// mwrCompareWithUpstream checks that upstream decodes data to the same document.
func mwrCompareWithUpstream(data []byte, fast *types.Document) error {
	slow, err := mwrUpstreamUnmarshal(data)
	if err != nil {
		return lazyerrors.Errorf("mwr fast decoder accepted what upstream refuses (%v): %s", err, data)
	}

	a, errA := Marshal(fast)
	b, errB := Marshal(slow)

	if errA != nil || errB != nil || !bytes.Equal(a, b) {
		return lazyerrors.Errorf("mwr fast decoder differs from upstream:\n fast %s\n upstream %s", a, b)
	}

	return nil
}

type fastDecoder struct {
	data []byte
	pos  int
}

// mwrFastUnmarshal decodes a stored document, or returns false when upstream must do it.
func mwrFastUnmarshal(data []byte) (*types.Document, bool) {
	d := &fastDecoder{data: data}

	var sch *schema

	var doc *types.Document

	fields := -1 // the schema comes first, then the fields in its order

	ok := d.members(func(key string) bool {
		fields++

		if fields == 0 {
			var ok bool
			if sch, ok = d.schema(); ok && key == "$s" {
				doc = types.MakeDocument(len(sch.Keys))
			}

			return ok && key == "$s"
		}

		return d.field(doc, sch, fields-1, key)
	})

	if !ok || sch == nil || fields != len(sch.Keys) || d.pos != len(d.data) {
		return nil, false
	}

	return doc, true
}

// field decodes the value of the i-th field into doc, if key is the one the schema names i-th.
func (d *fastDecoder) field(doc *types.Document, sch *schema, i int, key string) bool {
	if i >= len(sch.Keys) || key != sch.Keys[i] || key == "$s" || doc.Has(key) {
		return false
	}

	v, ok := d.value(sch.Properties[key])
	if ok {
		doc.Set(key, v)
	}

	return ok
}

func (d *fastDecoder) value(sch *elem) (any, bool) {
	d.skipSpace()

	if d.literal("null") {
		return types.Null, true
	}

	if sch == nil {
		return nil, false
	}

	switch sch.Type {
	case elemTypeObject:
		if sch.Schema == nil {
			return nil, false
		}

		return d.object(sch.Schema)
	case elemTypeArray:
		if sch.Items == nil {
			return nil, false
		}

		return d.array(sch.Items)
	case elemTypeDouble:
		if f, err := strconv.ParseFloat(d.number(), 64); err == nil {
			return f, true
		}
	case elemTypeString:
		if s, ok := d.string(); ok {
			return s, true
		}
	case elemTypeBinData:
		s, ok := d.string()
		if !ok || sch.Subtype == nil {
			return nil, false
		}

		b := make([]byte, base64.StdEncoding.DecodedLen(len(s)))

		n, err := base64.StdEncoding.Decode(b, []byte(s))
		if err == nil {
			return types.Binary{B: b[:n], Subtype: *sch.Subtype}, true
		}
	case elemTypeObjectID:
		s, ok := d.string()
		if !ok || len(s) != 2*types.ObjectIDLen {
			return nil, false
		}

		var id types.ObjectID
		if _, err := hex.Decode(id[:], []byte(s)); err == nil {
			return id, true
		}
	case elemTypeBool:
		switch {
		case d.literal("true"):
			return true, true
		case d.literal("false"):
			return false, true
		}
	case elemTypeDate:
		if ms, err := strconv.ParseInt(d.number(), 10, 64); err == nil {
			return time.UnixMilli(ms), true
		}
	case elemTypeRegex:
		if s, ok := d.string(); ok && sch.Options != nil {
			return types.Regex{Pattern: s, Options: *sch.Options}, true
		}
	case elemTypeInt:
		if n, err := strconv.ParseInt(d.number(), 10, 32); err == nil {
			return int32(n), true
		}
	case elemTypeTimestamp:
		if n, err := strconv.ParseUint(d.number(), 10, 64); err == nil {
			return types.Timestamp(n), true
		}
	case elemTypeLong:
		if n, err := strconv.ParseInt(d.number(), 10, 64); err == nil {
			return n, true
		}
	}

	return nil, false
}

func (d *fastDecoder) object(sch *schema) (any, bool) {
	doc := types.MakeDocument(len(sch.Keys))
	fields := 0

	ok := d.members(func(key string) bool {
		fields++
		return d.field(doc, sch, fields-1, key)
	})

	switch {
	case !ok:
		return nil, false
	case fields == 0:
		return new(types.Document), true // upstream: an empty object whatever its schema says
	default:
		return doc, fields == len(sch.Keys)
	}
}

func (d *fastDecoder) array(items []*elem) (any, bool) {
	arr := types.MakeArray(len(items))

	ok := d.elements(func() bool {
		if arr.Len() >= len(items) {
			return false
		}

		v, ok := d.value(items[arr.Len()])
		if ok {
			arr.Append(v)
		}

		return ok
	})

	return arr, ok && arr.Len() == len(items)
}

// schema decodes {"p": {...}, "$k": [...]} (or {} for an empty document).
func (d *fastDecoder) schema() (*schema, bool) {
	sch := new(schema)

	var seenP, seenK bool

	ok := d.members(func(key string) bool {
		var ok bool

		switch {
		case key == "p" && !seenP:
			seenP = true
			sch.Properties, ok = d.properties()
		case key == "$k" && !seenK:
			seenK = true
			sch.Keys, ok = d.keys()
		}

		return ok
	})

	return sch, ok
}

func (d *fastDecoder) properties() (map[string]*elem, bool) {
	props := map[string]*elem{}

	ok := d.members(func(key string) bool {
		if _, dup := props[key]; dup {
			return false
		}

		e, ok := d.elem()
		props[key] = e

		return ok && e != nil
	})

	return props, ok
}

func (d *fastDecoder) keys() ([]string, bool) {
	keys := []string{}

	ok := d.elements(func() bool {
		d.skipSpace()

		key, ok := d.string()
		keys = append(keys, key)

		return ok
	})

	return keys, ok
}

// elem decodes one value's schema; JSON null is a nil schema (a null array item's, say).
func (d *fastDecoder) elem() (*elem, bool) {
	d.skipSpace()

	if d.literal("null") {
		return nil, true
	}

	e := new(elem)

	var seen [5]bool

	ok := d.members(func(key string) bool {
		d.skipSpace()

		var ok bool

		switch {
		case key == "t" && !seen[0]:
			seen[0] = true

			var t string
			if t, ok = d.string(); ok {
				e.Type = elemType(t)
			}
		case key == "$s" && !seen[1]:
			seen[1] = true
			e.Schema, ok = d.schema()
		case key == "o" && !seen[2]:
			seen[2] = true

			var o string
			if o, ok = d.string(); ok {
				e.Options = &o
			}
		case key == "i" && !seen[3]:
			seen[3] = true
			e.Items, ok = d.items()
		case key == "s" && !seen[4]:
			seen[4] = true

			var n uint64
			if n, ok = d.uint8(); ok {
				subtype := types.BinarySubtype(n)
				e.Subtype = &subtype
			}
		}

		return ok
	})

	return e, ok && seen[0]
}

func (d *fastDecoder) items() ([]*elem, bool) {
	items := []*elem{}

	ok := d.elements(func() bool {
		e, ok := d.elem()
		items = append(items, e)

		return ok
	})

	return items, ok
}

// members walks a JSON object; member decodes the value of each key (false: decline).
func (d *fastDecoder) members(member func(key string) bool) bool {
	d.skipSpace()

	if !d.consume('{') {
		return false
	}

	for first := true; ; first = false {
		d.skipSpace()

		if d.consume('}') {
			return true
		}

		if !first && !d.consume(',') {
			return false
		}

		d.skipSpace()

		key, ok := d.string()
		if !ok || !d.colon() || !member(key) {
			return false
		}
	}
}

// elements walks a JSON array; element decodes each (false: decline).
func (d *fastDecoder) elements(element func() bool) bool {
	d.skipSpace()

	if !d.consume('[') {
		return false
	}

	for first := true; ; first = false {
		d.skipSpace()

		if d.consume(']') {
			return true
		}

		if !first && !d.consume(',') {
			return false
		}

		if !element() {
			return false
		}
	}
}

func (d *fastDecoder) uint8() (uint64, bool) {
	n, err := strconv.ParseUint(d.number(), 10, 8)
	return n, err == nil
}

func (d *fastDecoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

func (d *fastDecoder) consume(c byte) bool {
	if d.pos < len(d.data) && d.data[d.pos] == c {
		d.pos++
		return true
	}

	return false
}

func (d *fastDecoder) colon() bool {
	d.skipSpace()
	return d.consume(':')
}

// literal consumes true, false or null when it stands whole (not "nullx").
func (d *fastDecoder) literal(word string) bool {
	end := d.pos + len(word)
	if end > len(d.data) || string(d.data[d.pos:end]) != word {
		return false
	}

	if end < len(d.data) && !isDelimiter(d.data[end]) {
		return false
	}

	d.pos = end

	return true
}

func isDelimiter(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\n', '\r':
		return true
	}

	return false
}

// number consumes a number in JSON's grammar and returns its text ("" if there is none, which
// every strconv parser refuses).
func (d *fastDecoder) number() string {
	start, i := d.pos, d.pos
	digits := func() bool {
		from := i
		for i < len(d.data) && d.data[i] >= '0' && d.data[i] <= '9' {
			i++
		}

		return i > from
	}

	if i < len(d.data) && d.data[i] == '-' {
		i++
	}

	switch {
	case i < len(d.data) && d.data[i] == '0':
		i++
	case !digits():
		return ""
	}

	if i < len(d.data) && d.data[i] == '.' {
		i++
		if !digits() {
			return ""
		}
	}

	if i < len(d.data) && (d.data[i] == 'e' || d.data[i] == 'E') {
		i++
		if i < len(d.data) && (d.data[i] == '+' || d.data[i] == '-') {
			i++
		}

		if !digits() {
			return ""
		}
	}

	if i < len(d.data) && !isDelimiter(d.data[i]) {
		return ""
	}

	d.pos = i

	return string(d.data[start:i])
}

// string consumes a JSON string. Plain valid UTF-8 is taken as it is; a string with escapes or
// invalid UTF-8 is handed to encoding/json, so it decodes exactly as upstream's does.
func (d *fastDecoder) string() (string, bool) {
	if !d.consume('"') {
		return "", false
	}

	start := d.pos
	escaped := false

	for d.pos < len(d.data) {
		c := d.data[d.pos]

		switch {
		case c == '"':
			raw := d.data[start:d.pos]
			d.pos++

			if !escaped && utf8.Valid(raw) {
				return string(raw), true
			}

			var s string
			if err := json.Unmarshal(d.data[start-1:d.pos], &s); err != nil {
				return "", false
			}

			return s, true
		case c == '\\':
			escaped = true
			d.pos += 2
		case c < 0x20:
			return "", false
		default:
			d.pos++
		}
	}

	return "", false
}
