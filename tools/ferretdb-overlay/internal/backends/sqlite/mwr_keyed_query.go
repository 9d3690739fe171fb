// The query planner for keyed indexes, added by the 12314 platform's patched build
// (docs/ferretdb.md, "Patched"; the keys are in metadata/mwr_keyed_index.go).
//
// It only narrows what SQLite reads: the handler still applies the whole filter to every document
// it gets, so a plan may return extra documents but never miss one. Equalities on an index's
// leading fields and a range on the next one become a range of keys; a sort on the following
// fields becomes the index order, which lets the handler skip sorting and stop at the limit.
// An index is used only while none of its keys is KeyUnsupported (an array, an embedded
// document, ...): one index probe per query checks that, so MongoDB's array semantics hold.

package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/fsql"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
)

// keyedPlan is the part of a query a keyed index serves.
type keyedPlan struct {
	where  string
	args   []any
	order  string
	sorted bool
}

// maxKeyRanges caps the key ranges one query reads ($in values of several fields multiply: the
// duplicate check asks for up to 12 map cells times 8 categories).
const maxKeyRanges = 256

// fieldBounds is what a filter says about one field, as ascending keys.
type fieldBounds struct {
	eq                [][]byte // one of these values ($in, or a single equality)
	low, high         []byte
	lowIncl, highIncl bool
	bracket           byte
	conflict          bool
}

func (b *fieldBounds) hasRange() bool {
	return !b.conflict && (b.low != nil || b.high != nil)
}

// collectBounds gathers equalities and ranges on plain fields from a filter and its $and.
func collectBounds(filter *types.Document, into map[string]*fieldBounds) {
	for _, key := range filter.Keys() {
		value, _ := filter.Get(key)

		if key == "$and" {
			if list, ok := value.(*types.Array); ok {
				for i := 0; i < list.Len(); i++ {
					if sub, err := list.Get(i); err == nil {
						if doc, ok := sub.(*types.Document); ok {
							collectBounds(doc, into)
						}
					}
				}
			}

			continue
		}

		if strings.HasPrefix(key, "$") {
			continue
		}

		bounds := into[key]
		if bounds == nil {
			bounds = new(fieldBounds)
			into[key] = bounds
		}

		ops, isDoc := value.(*types.Document)
		if !isDoc {
			bounds.addEqual(value)
			continue
		}

		for _, op := range ops.Keys() {
			operand, _ := ops.Get(op)

			switch op {
			case "$eq":
				bounds.addEqual(operand)
			case "$in":
				if list, ok := operand.(*types.Array); ok {
					bounds.addIn(list)
				}
			case "$gt", "$gte", "$lt", "$lte":
				bounds.addBound(op, operand)
			}
		}
	}
}

func (b *fieldBounds) addEqual(v any) {
	if key, ok := sjson.EncodeKeyValue(v); ok && b.eq == nil {
		b.eq = [][]byte{key}
	}
}

// addIn keeps the values of an $in whose every value has a key (a regex, say, has none).
func (b *fieldBounds) addIn(list *types.Array) {
	if b.eq != nil || list.Len() == 0 || list.Len() > maxKeyRanges {
		return
	}

	keys := make([][]byte, 0, list.Len())

	for i := 0; i < list.Len(); i++ {
		v, _ := list.Get(i)

		key, ok := sjson.EncodeKeyValue(v)
		if !ok {
			return
		}

		if !slices.ContainsFunc(keys, func(k []byte) bool { return bytes.Equal(k, key) }) {
			keys = append(keys, key)
		}
	}

	b.eq = keys
}

func (b *fieldBounds) addBound(op string, v any) {
	key, ok := sjson.EncodeKeyValue(v)
	if !ok || key[0] == sjson.KeyNullBracket {
		return
	}

	if b.bracket != 0 && b.bracket != key[0] {
		b.conflict = true
		return
	}

	b.bracket = key[0]

	switch {
	case (op == "$gt" || op == "$gte") && b.low == nil:
		b.low, b.lowIncl = key, op == "$gte"
	case (op == "$lt" || op == "$lte") && b.high == nil:
		b.high, b.highIncl = key, op == "$lte"
	}
}

// keySuccessor is the smallest key after every key that starts with prefix (nil: none).
func keySuccessor(prefix []byte) []byte {
	// Not bytes.TrimRight: its cutset is UTF-8, and would take any invalid byte for "\xff".
	end := len(prefix)
	for end > 0 && prefix[end-1] == 0xFF {
		end--
	}

	if end == 0 {
		return nil
	}

	s := bytes.Clone(prefix[:end])
	s[end-1]++

	return s
}

func invert(key []byte) []byte {
	out := make([]byte, len(key))
	for i, b := range key {
		out[i] = ^b
	}

	return out
}

func join(parts ...[]byte) []byte {
	return bytes.Join(parts, nil)
}

// keyInterval turns a range on one key part (ascending bounds) after prefix into [start, end).
func keyInterval(prefix []byte, b *fieldBounds, descending bool) (start, end []byte) {
	low, lowIncl := b.low, b.lowIncl
	if low == nil {
		low, lowIncl = []byte{b.bracket}, true
	}

	high, highIncl := b.high, b.highIncl
	if high == nil {
		high, highIncl = []byte{b.bracket + 1}, false
	}

	if !descending {
		start = join(prefix, low)
		if !lowIncl {
			start = keySuccessor(start)
		}

		end = join(prefix, high)
		if highIncl {
			end = keySuccessor(end)
		}

		return start, end
	}

	start = join(prefix, invert(high))
	if !highIncl {
		start = keySuccessor(start)
	}

	end = join(prefix, invert(low))
	if lowIncl {
		end = keySuccessor(end)
	}

	return start, end
}

// candidatePlan is one index's answer to a query, with how much of the query it serves.
type candidatePlan struct {
	expr  string
	score int
	plan  keyedPlan
}

func planForIndex(index metadata.IndexInfo, bounds map[string]*fieldBounds, sort *types.Document) *candidatePlan {
	expr, ok := metadata.KeyedIndexExpression(index.Key)
	if !ok {
		return nil
	}

	// Each combination of the leading fields' values is one key prefix.
	prefixes := [][]byte{nil}
	equal := 0

	for _, pair := range index.Key {
		b := bounds[pair.Field]
		if b == nil || b.eq == nil || len(prefixes)*len(b.eq) > maxKeyRanges {
			break
		}

		next := make([][]byte, 0, len(prefixes)*len(b.eq))

		for _, prefix := range prefixes {
			for _, part := range b.eq {
				if pair.Descending {
					part = invert(part)
				}

				next = append(next, join(prefix, part))
			}
		}

		prefixes = next
		equal++
	}

	var ranged *fieldBounds

	var rangedDescending bool

	if equal < len(index.Key) {
		next := index.Key[equal]
		if b := bounds[next.Field]; b != nil && b.eq == nil && b.hasRange() {
			ranged, rangedDescending = b, next.Descending
		}
	}

	// Several prefixes are read one after another, so only one can give the sort's order.
	sorted, reversed := sortServed(index.Key[equal:], sort)
	sorted = sorted && len(prefixes) == 1

	if equal == 0 && ranged == nil && !sorted {
		return nil
	}

	var ranges []string

	var args []any

	for _, prefix := range prefixes {
		start, end := prefix, keySuccessor(prefix)
		if ranged != nil {
			start, end = keyInterval(prefix, ranged, rangedDescending)
		}

		// Always bound the key: keys of unsupported values sort last and must never be read.
		if end == nil {
			end = []byte{sjson.KeyUnsupported}
		}

		r := fmt.Sprintf("%s < ?", expr)
		args = append(args, end)

		if len(start) > 0 {
			r += fmt.Sprintf(" AND %s >= ?", expr)
			args = append(args, start)
		}

		ranges = append(ranges, "("+r+")")
	}

	where := " WHERE (" + strings.Join(ranges, " OR ") + ")"

	c := &candidatePlan{
		expr:  expr,
		score: equal*4 + rangeScore(ranged) + boolScore(sorted, 3),
		plan:  keyedPlan{where: where, args: args, sorted: sorted},
	}

	if sorted {
		c.plan.order = " ORDER BY " + expr
		if reversed {
			c.plan.order += " DESC"
		}
	}

	return c
}

// rangeScore: a range bounded on both sides (a tracking number's day, say) narrows about as much
// as an equality, and more than reading some index in the sort's order would.
func rangeScore(b *fieldBounds) int {
	switch {
	case b == nil:
		return 0
	case b.low != nil && b.high != nil:
		return 4
	default:
		return 2
	}
}

func boolScore(b bool, score int) int {
	if b {
		return score
	}

	return 0
}

// sortServed tells whether the index order, from the given fields on, is the requested sort
// (or exactly its reverse).
func sortServed(rest []metadata.IndexKeyPair, sort *types.Document) (served, reversed bool) {
	keys := sort.Keys()
	if len(keys) == 0 || len(keys) > len(rest) {
		return false, false
	}

	for i, field := range keys {
		direction, _ := sort.Get(field)

		d, ok := direction.(int64)
		if !ok || field != rest[i].Field || strings.HasPrefix(field, "$") {
			return false, false
		}

		opposite := (d == 1) == rest[i].Descending
		if i == 0 {
			reversed = opposite
		} else if opposite != reversed {
			return false, false
		}
	}

	return true, reversed
}

// planKeyedQuery picks the keyed index that serves most of a query and adds the text prefilter
// (mwr_regex_prefilter.go); nil when neither applies.
func planKeyedQuery(ctx context.Context, db *fsql.DB, meta *metadata.Collection, filter, sort *types.Document) (*keyedPlan, error) {
	plan, err := planIndex(ctx, db, meta, filter, sort)
	if err != nil || filter == nil {
		return plan, err
	}

	literals := regexLiterals(filter)
	if len(literals) == 0 {
		return plan, nil
	}

	if plan == nil {
		plan = new(keyedPlan)
	}

	for _, literal := range literals {
		if plan.where == "" {
			plan.where = " WHERE "
		} else {
			plan.where += " AND "
		}

		plan.where += fmt.Sprintf("instr(%s, ?) > 0", metadata.DefaultColumn)
		plan.args = append(plan.args, literal)
	}

	return plan, nil
}

// planIndex picks the keyed index that serves most of a query, or returns nil.
func planIndex(ctx context.Context, db *fsql.DB, meta *metadata.Collection, filter, sort *types.Document) (*keyedPlan, error) {
	bounds := map[string]*fieldBounds{}
	if filter != nil {
		collectBounds(filter, bounds)
	}

	var best []*candidatePlan

	for _, index := range meta.Settings.Indexes {
		if !index.Keyed {
			continue
		}

		if c := planForIndex(index, bounds, sort); c != nil {
			best = append(best, c)
		}
	}

	// Best first; an index holding an unsupported key (say, an array) cannot be used.
	for len(best) > 0 {
		top := 0
		for i, c := range best {
			if c.score > best[top].score {
				top = i
			}
		}

		c := best[top]
		best = append(best[:top], best[top+1:]...)

		q := fmt.Sprintf("SELECT 1 FROM %q WHERE %s >= ? LIMIT 1", meta.TableName, c.expr)

		var found int
		err := db.QueryRowContext(ctx, q, []byte{sjson.KeyUnsupported}).Scan(&found)

		switch {
		case errors.Is(err, sql.ErrNoRows):
			return &c.plan, nil
		case err != nil:
			return nil, lazyerrors.Error(err)
		}
	}

	return nil, nil
}
