// Order-preserving index keys, added by the 12314 platform's patched build (docs/ferretdb.md,
// "Patched"). A key is a byte string whose bytewise order is MongoDB's order of the values it
// encodes, so SQLite can serve filters and sorts from an index on it.

package sjson

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"time"

	"github.com/FerretDB/FerretDB/internal/types"
)

// Type brackets in MongoDB's comparison order; values in different brackets never compare equal.
const (
	keyBracketNull     = 0x01 // null and missing fields
	keyBracketNumber   = 0x02 // double, int, long compare by numeric value
	keyBracketString   = 0x03
	keyBracketObjectID = 0x07
	keyBracketBool     = 0x08
	keyBracketDate     = 0x09
)

// KeyUnsupported is the whole key of a document whose indexed value has no order-preserving
// encoding (an array, an embedded document, binary data, ...). It sorts after every other key, so
// one index probe tells whether an index may serve a query at all.
const KeyUnsupported = 0xFF

// maxExactInt is the largest integer every float64 holds exactly.
const maxExactInt = 1 << 53

// EncodeKeyValue returns the ascending key of a scalar value, or false when it has none.
func EncodeKeyValue(v any) ([]byte, bool) {
	switch v := v.(type) {
	case types.NullType:
		return []byte{keyBracketNull}, true
	case float64:
		return encodeKeyNumber(v), true
	case int32:
		return encodeKeyNumber(float64(v)), true
	case int64:
		if v > maxExactInt || v < -maxExactInt {
			return nil, false
		}

		return encodeKeyNumber(float64(v)), true
	case string:
		return encodeKeyString(v), true
	case types.ObjectID:
		return append([]byte{keyBracketObjectID}, v[:]...), true
	case bool:
		if v {
			return []byte{keyBracketBool, 1}, true
		}

		return []byte{keyBracketBool, 0}, true
	case time.Time:
		key := make([]byte, 9)
		key[0] = keyBracketDate
		binary.BigEndian.PutUint64(key[1:], uint64(v.UnixMilli())^(1<<63))

		return key, true
	}

	return nil, false
}

// KeyNullBracket is the first byte of the ascending keys of null and of a missing field.
const KeyNullBracket = keyBracketNull

// EncodeStoredKeyValue returns the ascending key of a value as the SQLite backend stores it:
// its sjson text (nil for a missing field) and its schema type.
func EncodeStoredKeyValue(text []byte, typeName string) ([]byte, bool) {
	if text == nil || string(text) == "null" {
		return []byte{keyBracketNull}, true
	}

	switch elemType(typeName) {
	case elemTypeDouble, elemTypeInt, elemTypeLong, elemTypeString, elemTypeObjectID, elemTypeBool, elemTypeDate:
	default:
		return nil, false
	}

	v, err := unmarshalSingleValue(json.RawMessage(text), &elem{Type: elemType(typeName)})
	if err != nil {
		return nil, false
	}

	return EncodeKeyValue(v)
}

// encodeKeyNumber maps a float64 to 8 bytes that sort like the numbers; NaN first, as in MongoDB.
func encodeKeyNumber(f float64) []byte {
	key := make([]byte, 9)
	key[0] = keyBracketNumber

	if math.IsNaN(f) {
		return key
	}

	if f == 0 {
		f = 0 // -0 and 0 are equal
	}

	bits := math.Float64bits(f)
	if bits>>63 == 0 {
		bits |= 1 << 63
	} else {
		bits = ^bits
	}

	binary.BigEndian.PutUint64(key[1:], bits)

	return key
}

// encodeKeyString keeps the UTF-8 bytes (MongoDB's binary comparison) with 0x00 escaped as
// 0x00 0xFF and a 0x00 0x01 terminator, so a string sorts before its extensions even when
// more key parts follow.
func encodeKeyString(s string) []byte {
	key := make([]byte, 0, len(s)+3)
	key = append(key, keyBracketString)

	for i := 0; i < len(s); i++ {
		key = append(key, s[i])
		if s[i] == 0 {
			key = append(key, 0xFF)
		}
	}

	return append(key, 0x00, 0x01)
}
