// Tests of the fast decoder against upstream's (mwr_fast_unmarshal.go). Run them on a patched
// copy of the module (upstream's test helpers look for a .git folder above it):
// `go test ./internal/handler/sjson/ -run Mwr -bench Mwr`.

package sjson

import (
	"bytes"
	"math"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// mwrAwkwardValues are values of every type the schema knows, with the edges of each.
func mwrAwkwardValues() []any {
	return []any{
		0.0, math.Copysign(0, -1), 1.5, -1e300, 5e-324, math.MaxFloat64, float64(1 << 53), 3.0,
		"", "plain", "引号\"反斜杠\\换行\n制表\t", "<&>", "\u2028\u2029", "emoji 😀", "nul\x00byte",
		"bad utf-8 \xff\xfe", "控制\x01字符", strings.Repeat("长", 500),
		types.Binary{B: []byte{}, Subtype: types.BinaryGeneric},
		types.Binary{B: []byte{0, 1, 2, 255}, Subtype: types.BinaryUser},
		types.ObjectID{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255},
		true, false,
		time.UnixMilli(0), time.UnixMilli(-62135596800000), time.UnixMilli(253402300799999), time.UnixMilli(-1),
		types.Null,
		types.Regex{Pattern: `^a.*\d"$`, Options: "im"}, types.Regex{Pattern: "", Options: ""},
		int32(0), int32(math.MinInt32), int32(math.MaxInt32),
		types.Timestamp(0), types.Timestamp(math.MaxUint64),
		int64(math.MinInt64), int64(math.MaxInt64), int64(1<<53 + 1),
	}
}

func mwrRandomValue(r *rand.Rand, depth int) any {
	values := mwrAwkwardValues()
	if depth > 3 || r.Intn(4) > 0 {
		return values[r.Intn(len(values))]
	}

	if r.Intn(2) == 0 {
		return mwrRandomDocument(r, depth+1)
	}

	arr := types.MakeArray(0)
	for i := r.Intn(5); i > 0; i-- {
		arr.Append(mwrRandomValue(r, depth+1))
	}

	return arr
}

func mwrRandomDocument(r *rand.Rand, depth int) *types.Document {
	keys := []string{"_id", "a", "b.c", "键", "with space", "$dollar", "quote\"key", "x"}
	doc := must.NotFail(types.NewDocument())

	for i := r.Intn(len(keys) + 1); i > 0; i-- {
		key := keys[r.Intn(len(keys))]
		if depth == 0 && strings.ContainsAny(key, `"`) {
			continue // upstream writes top-level keys unescaped: such a key cannot be stored
		}

		doc.Set(key, mwrRandomValue(r, depth))
	}

	return doc
}

func mwrRequireSame(t *testing.T, data []byte) {
	t.Helper()

	fast, ok := mwrFastUnmarshal(data)
	slow, err := mwrUpstreamUnmarshal(data)

	if !ok {
		return
	}

	if err != nil {
		t.Fatalf("fast decoder accepted what upstream refuses (%v):\n%s", err, data)
	}

	a, b := must.NotFail(Marshal(fast)), must.NotFail(Marshal(slow))
	if !bytes.Equal(a, b) {
		t.Fatalf("decoders differ on\n%s\nfast     %s\nupstream %s", data, a, b)
	}
}

func TestMwrFastUnmarshalTakesWhatMarshalWrites(t *testing.T) {
	r := rand.New(rand.NewSource(1))

	for i := 0; i < 20000; i++ {
		data := must.NotFail(Marshal(mwrRandomDocument(r, 0)))

		if _, ok := mwrFastUnmarshal(data); !ok {
			t.Fatalf("fast decoder declined a document Marshal wrote:\n%s", data)
		}

		mwrRequireSame(t, data)
	}
}

func TestMwrFastUnmarshalDeclinesOrAgreesOnOddInput(t *testing.T) {
	for _, data := range []string{
		``, `{}`, `null`, `{"$s":{}}`, ` {"$s":{}}`, `{"$s":{}} `, `{"$s":{}}x`,
		`{"a":1,"$s":{"p":{"a":{"t":"int"}},"$k":["a"]}}`,
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a":1,"a":2}`,
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a","a"]},"a":1,"a":2}`,
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a":1.0}`,
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a":2147483648}`,
		`{"$s":{"p":{"a":{"t":"long"}},"$k":["a"]},"a":01}`,
		`{"$s":{"p":{"a":{"t":"double"}},"$k":["a"]},"a":1e400}`,
		`{"$s":{"p":{"a":{"t":"double"}},"$k":["a"]},"a":-}`,
		`{"$s":{"p":{"a":{"t":"string"}},"$k":["a"]},"a":null}`,
		`{"$s":{"p":{"a":{"t":"string"}},"$k":["a"]},"a":nullx}`,
		`{"$s":{"p":{"a":{"t":"string"}},"$k":["a"]},"a":"\u00e9\ud83d\ude00\ud800"}`,
		`{"$s":{"p":{"a":{"t":"string"}},"$k":["a"]},"a":"tab	raw"}`,
		`{"$s":{"p":{"a":{"t":"string","x":1}},"$k":["a"]},"a":"x"}`,
		`{"$s":{"p":{"a":{"T":"string"}},"$k":["a"]},"a":"x"}`,
		`{"$s":{"p":{"a":{"t":"objectId"}},"$k":["a"]},"a":"00112233445566778899aabbz"}`,
		`{"$s":{"p":{"a":{"t":"binData","s":300}},"$k":["a"]},"a":"AAE="}`,
		`{"$s":{"p":{"a":{"t":"binData","s":0}},"$k":["a"]},"a":"AA=E"}`,
		`{"$s":{"p":{"a":{"t":"array","i":[{"t":"int"}]}},"$k":["a"]},"a":[1,2]}`,
		`{"$s":{"p":{"a":{"t":"array"}},"$k":["a"]},"a":[]}`,
		`{"$s":{"p":{"a":{"t":"array","i":[null]}},"$k":["a"]},"a":[null]}`,
		`{"$s":{"p":{"a":{"t":"object","$s":{"p":{"b":{"t":"bool"}},"$k":["b"]}}},"$k":["a"]},"a":{}}`,
		`{"$s":{"p":{"a":{"t":"object"}},"$k":["a"]},"a":{}}`,
		`{"$s":{"p":{"a":{"t":"unknown"}},"$k":["a"]},"a":1}`,
		`{"$s":{"p":{},"$k":["a"]},"a":null}`,
	} {
		mwrRequireSame(t, []byte(data))
	}
}

// Damaged copies of stored documents (a byte changed, dropped or added): the fast decoder must
// decline them or agree with upstream, and never hang.
func TestMwrFastUnmarshalOnDamagedDocuments(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	punctuation := []byte(`{}[],:"\0n`)

	for i := 0; i < 100000; i++ {
		data := must.NotFail(Marshal(mwrRandomDocument(r, 0)))

		for j := r.Intn(4); j >= 0 && len(data) > 0; j-- {
			p := r.Intn(len(data))

			switch r.Intn(3) {
			case 0:
				data[p] = byte(r.Intn(256))
			case 1:
				data = append(data[:p], data[p+1:]...)
			case 2:
				data = append(data[:p], append([]byte{punctuation[r.Intn(len(punctuation))]}, data[p:]...)...)
			}
		}

		done := make(chan struct{})

		go func() {
			defer close(done)
			mwrRequireSame(t, data)
		}()

		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("the fast decoder hangs on %q", data)
		}
	}
}

func BenchmarkMwrUnmarshal(b *testing.B) {
	r := rand.New(rand.NewSource(3))
	docs := make([][]byte, 100)

	for i := range docs {
		docs[i] = must.NotFail(Marshal(mwrRandomDocument(r, 0)))
	}

	b.Run("fast", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_, _ = mwrFastUnmarshal(docs[i%len(docs)])
		}
	})
	b.Run("upstream", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_, _ = mwrUpstreamUnmarshal(docs[i%len(docs)])
		}
	})
}
