// Keyed indexes, added by the 12314 platform's patched build (docs/ferretdb.md, "Patched").
//
// Upstream indexes the JSON text of each field (`_ferretdb_sjson->"field"`), whose order is not
// MongoDB's (numbers and dates sort as text, strings by their escaped JSON), so no query but
// `_id` equality could use an index. Beside each such index the patched build keeps one on
// ferretdb_mwr_key(...): an order-preserving key of all the index's fields (sjson.EncodeKeyValue),
// which the SQLite backend's planner turns filters and sorts into ranges and ORDER BY on.

package metadata

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"

	sqlite3 "modernc.org/sqlite"

	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/util/fsql"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
)

// KeyFunction is the SQL function that computes a keyed index's key from a stored document.
const KeyFunction = "ferretdb_mwr_key"

func init() {
	sqlite3.MustRegisterDeterministicScalarFunction(KeyFunction, -1, computeKey)
}

// KeyedIndexName is the SQLite name of the keyed index beside the index with the given name.
func KeyedIndexName(tableName, indexName string) string {
	return tableName + "_" + indexName + "_mwrk"
}

// KeyedIndexExpression returns the SQL expression of an index's key, or false when a field name
// cannot be written as a JSON path (such indexes simply stay unkeyed).
func KeyedIndexExpression(key []IndexKeyPair) (string, bool) {
	args := make([]string, 0, len(key)*4)

	for _, pair := range key {
		fields := strings.Split(pair.Field, ".")
		for _, f := range fields {
			if f == "" || strings.ContainsAny(f, "'\"\\$") || strings.IndexFunc(f, isControl) >= 0 {
				return "", false
			}
		}

		direction := "a"
		if pair.Descending {
			direction = "d"
		}

		args = append(args, fmt.Sprintf("'%s%d'", direction, len(fields)-1))

		// The type of each enclosing field: an array anywhere on the path makes the key unsupported.
		for i := 1; i < len(fields); i++ {
			args = append(args, fmt.Sprintf("%s->>'%s.t'", DefaultColumn, schemaPath(fields[:i])))
		}

		valuePath := `$."` + strings.Join(fields, `"."`) + `"`
		args = append(args, fmt.Sprintf("%s->'%s'", DefaultColumn, valuePath))
		args = append(args, fmt.Sprintf("%s->>'%s.t'", DefaultColumn, schemaPath(fields)))
	}

	return KeyFunction + "(" + strings.Join(args, ", ") + ")", true
}

// schemaPath is the JSON path of a field's entry in the sjson schema ($s).
func schemaPath(fields []string) string {
	return `$."$s".p."` + strings.Join(fields, `"."$s".p."`) + `"`
}

func isControl(r rune) bool {
	return r < 0x20 || r == 0x7F
}

// computeKey implements ferretdb_mwr_key: per field a direction with the count of enclosing
// fields, their schema types, the value's sjson text and its schema type.
func computeKey(_ *sqlite3.FunctionContext, args []driver.Value) (driver.Value, error) {
	var key []byte

	for len(args) > 0 {
		spec, ok := args[0].(string)
		if !ok || len(spec) < 2 {
			return nil, fmt.Errorf("%s: bad field spec %v", KeyFunction, args[0])
		}

		enclosing, err := strconv.Atoi(spec[1:])
		if err != nil || len(args) < enclosing+3 {
			return nil, fmt.Errorf("%s: bad field spec %q", KeyFunction, spec)
		}

		supported := true

		for _, t := range args[1 : 1+enclosing] {
			if t == "array" {
				supported = false
			}
		}

		text, _ := args[1+enclosing].(string)
		typeName, _ := args[2+enclosing].(string)

		var part []byte
		if supported {
			var valueText []byte
			if args[1+enclosing] != nil {
				valueText = []byte(text)
			}

			part, supported = sjson.EncodeStoredKeyValue(valueText, typeName)
		}

		if !supported {
			return []byte{sjson.KeyUnsupported}, nil
		}

		if spec[0] == 'd' {
			for i := range part {
				part[i] = ^part[i]
			}
		}

		key = append(key, part...)
		args = args[3+enclosing:]
	}

	return key, nil
}

// addKeyedIndex creates the keyed index beside an index (once) and marks it in the settings.
func addKeyedIndex(ctx context.Context, db *fsql.DB, tableName string, index *IndexInfo) error {
	if index.Keyed {
		return nil
	}

	expression, ok := KeyedIndexExpression(index.Key)
	if !ok {
		return nil
	}

	q := fmt.Sprintf("CREATE INDEX IF NOT EXISTS %q ON %q (%s)", KeyedIndexName(tableName, index.Name), tableName, expression)
	if _, err := db.ExecContext(ctx, q); err != nil {
		return lazyerrors.Error(err)
	}

	index.Keyed = true

	return nil
}

// dropKeyedIndex removes the keyed index beside an index, if it has one.
func dropKeyedIndex(ctx context.Context, db *fsql.DB, tableName string, index IndexInfo) error {
	if !index.Keyed {
		return nil
	}

	q := fmt.Sprintf("DROP INDEX IF EXISTS %q", KeyedIndexName(tableName, index.Name))
	if _, err := db.ExecContext(ctx, q); err != nil {
		return lazyerrors.Error(err)
	}

	return nil
}
