package council

import (
	"testing"
)

// Every row of every table has its columns' types, INTEGER as int64 and
// TEXT as string, and rows come sorted by key without duplicates.
func TestTablesShape(t *testing.T) {
	f := scenario(t)
	names := map[string]bool{}
	for _, tb := range Tables() {
		if names[tb.Name] {
			t.Fatalf("table %s twice", tb.Name)
		}
		names[tb.Name] = true
		if tb.Key < 1 || tb.Key > len(tb.Columns) {
			t.Fatalf("%s: key %d", tb.Name, tb.Key)
		}
		rows := f.S.Rows(tb.Name)
		for i, row := range rows {
			checkRow(t, tb, row)
			if i > 0 && !keyLess(rows[i-1][:tb.Key], row[:tb.Key]) {
				t.Fatalf("%s: rows %v and %v out of order", tb.Name, rows[i-1], row)
			}
		}
	}
	for _, want := range []string{"members", "councils", "memberships", "seats", "proposals", "votes", "elections",
		"recalls", "mandates", "deviations", "referendums", "tendencies", "tendency_members", "minority_reports"} {
		if !names[want] {
			t.Errorf("no table %s", want)
		}
	}
	if f.S.Rows("no_such_table") != nil {
		t.Fatal("rows of an unknown table")
	}
	g := fixture(t)
	for _, c := range g.S.TakeChanges() {
		tb := Tables()[tableIndex[c.Table]]
		if c.Delete {
			if len(c.Row) != tb.Key {
				t.Fatalf("delete %v of %s", c.Row, c.Table)
			}
			continue
		}
		checkRow(t, tb, c.Row)
	}
}

func checkRow(t *testing.T, tb Table, row []any) {
	t.Helper()
	if len(row) != len(tb.Columns) {
		t.Fatalf("%s: row %v has %d values for %d columns", tb.Name, row, len(row), len(tb.Columns))
	}
	for j, c := range tb.Columns {
		switch row[j].(type) {
		case int64:
			if c.Type != "INTEGER" {
				t.Fatalf("%s.%s: int64 in a %s column", tb.Name, c.Name, c.Type)
			}
		case string:
			if c.Type != "TEXT" {
				t.Fatalf("%s.%s: string in a %s column", tb.Name, c.Name, c.Type)
			}
		default:
			t.Fatalf("%s.%s: value %v of type %T", tb.Name, c.Name, row[j], row[j])
		}
	}
}

func keyLess(a, b []any) bool {
	for i := range a {
		x, y := a[i].(int64), b[i].(int64)
		if x != y {
			return x < y
		}
	}
	return false
}
