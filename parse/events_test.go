package parse_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/deeperhub/dhsql/parse"
)

// fmtValue renders a Value compactly: #n for an ordinal, :name for a named
// placeholder (:name#n when SQLite numbers it), 'text' for strings, numbers
// as written, NULL, true/false, DEFAULT, expr(...).
func fmtValue(v parse.Value) string {
	switch v.Kind {
	case parse.ValueArg:
		return fmt.Sprintf("#%d", v.Arg)
	case parse.ValueNamed:
		if v.Arg != 0 {
			return fmt.Sprintf(":%s#%d", v.Name, v.Arg)
		}
		return ":" + v.Name
	case parse.ValueString:
		return "'" + v.Text + "'"
	case parse.ValueNumber:
		return v.Text
	case parse.ValueNull:
		return "NULL"
	case parse.ValueBool:
		return v.Text
	case parse.ValueDefault:
		return "DEFAULT"
	case parse.ValueExpr:
		return "expr(" + v.Text + ")"
	}
	return "?"
}

func fmtEvent(st *parse.Statement) string {
	var parts []string
	if st.Columns != nil {
		parts = append(parts, "cols="+strings.Join(st.Columns, ","))
	}
	for _, r := range st.Rows {
		var vs []string
		for _, v := range r {
			vs = append(vs, fmtValue(v))
		}
		parts = append(parts, "row="+strings.Join(vs, ","))
	}
	for _, a := range st.Set {
		col := a.Column
		if a.Table != "" {
			col = a.Table + "." + col
		}
		parts = append(parts, "set "+col+"="+fmtValue(a.Value))
	}
	if st.ConflictColumns != nil {
		parts = append(parts, "conflict="+strings.Join(st.ConflictColumns, ","))
	}
	for _, c := range st.Where {
		var vs []string
		for _, v := range c.Values {
			vs = append(vs, fmtValue(v))
		}
		parts = append(parts, "where "+c.Column+"="+strings.Join(vs, ","))
	}
	return strings.Join(parts, " ")
}

func TestEventData(t *testing.T) {
	P, M, S := parse.Postgres, parse.MySQL, parse.SQLite
	cases := []struct {
		d    parse.Dialect
		q    string
		want string
	}{
		// INSERT: one row, batches as GORM writes them, literals, expressions
		{P, `INSERT INTO "users" ("created_at","name") VALUES ($1,$2),($3,$4) RETURNING "id"`,
			"cols=created_at,name row=#1,#2 row=#3,#4"},
		{P, `INSERT INTO users (Name, "Email") VALUES ($2, $1)`, "cols=name,Email row=#2,#1"},
		{P, `INSERT INTO t (a, b, c, d, e, f) VALUES ('it''s', -4.5, NULL, true, DEFAULT, now())`,
			"cols=a,b,c,d,e,f row='it's',-4.5,NULL,true,DEFAULT,expr(now())"},
		{P, `INSERT INTO t (a, b) VALUES ($1::jsonb, E'a\nb')`, "cols=a,b row=#1,'a\nb'"},
		{P, `INSERT INTO t (a) VALUES ($$dollar$$)`, "cols=a row='dollar'"},
		{P, `INSERT INTO t (a, b) VALUES (@a, @b)`, "cols=a,b row=:a,:b"},
		{P, `INSERT INTO t VALUES ($1, $2)`, "row=#1,#2"},
		{P, `INSERT INTO t (a, b) VALUES ($1)`, "cols=a,b"},
		{P, `INSERT INTO t (a) SELECT x FROM u`, "cols=a"},
		{P, `INSERT INTO t (id, n) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET n = EXCLUDED.n, m = $3`,
			"cols=id,n row=#1,#2 set n=expr(EXCLUDED.n) set m=#3 conflict=id"},
		{M, "INSERT INTO `users` (`created_at`,`name`) VALUES (?,?),(?,?)", "cols=created_at,name row=#1,#2 row=#3,#4"},
		{M, "INSERT INTO `t` (`a`,`b`) VALUES (?,?) ON DUPLICATE KEY UPDATE `b`=VALUES(`b`), c = ?",
			"cols=a,b row=#1,#2 set b=expr(VALUES(`b`)) set c=#3"},
		{M, `INSERT INTO t SET a = ?, b = 'x\'y', c = 0x1F`, "cols=a,b,c row=#1,'x'y',0x1F"},
		{M, `INSERT INTO t (a, b) VALUES ("dq", 'it''s')`, "cols=a,b row='dq','it's'"},
		{M, `INSERT INTO t (a) VALUES ('?'), (?) /* ? */`, "cols=a row='?' row=#1"},
		{S, `INSERT INTO t (a, b, c) VALUES (?, ?3, ?)`, "cols=a,b,c row=#1,#3,#4"},
		{S, `INSERT INTO t (a, b, c) VALUES (:x, @y, :x)`, "cols=a,b,c row=:x#1,:y#2,:x#1"},
		{S, `INSERT INTO t (a, b) VALUES ($a, ?)`, "cols=a,b row=:a#1,#2"},
		{S, `INSERT OR REPLACE INTO [t] ([A], "B") VALUES (?, ?)`, "cols=A,B row=#1,#2"},
		// UPDATE SET and WHERE
		{P, `UPDATE "users" SET "name"=$1,"updated_at"=$2 WHERE "users"."id" = $3 AND "users"."deleted_at" IS NULL`,
			"set name=#1 set updated_at=#2 where id=#3"},
		{P, `UPDATE users u SET name = $1 WHERE u.id IN ($2, $3, $4)`, "set name=#1 where id=#2,#3,#4"},
		{P, `UPDATE users SET (a, b) = ($1, 'x') WHERE (id = $3) AND tenant = 7`, "set a=#1 set b='x' where id=#3 where tenant=7"},
		{P, `UPDATE users SET a = 1 WHERE id = $1 OR id = $2`, "set a=1"},
		{P, `UPDATE users SET a = 1 WHERE other.id = $1 AND users.x = $2`, "set a=1 where x=#2"},
		{P, `UPDATE users SET a = 1 WHERE id BETWEEN $1 AND $2 AND k = $3`, "set a=1 where k=#3"},
		{P, `UPDATE users SET a = a + 1 WHERE id = $1 + 1`, "set a=expr(a + 1)"},
		{M, "UPDATE `users` SET `deleted_at`=? WHERE `users`.`id` = ? AND `users`.`deleted_at` IS NULL",
			"set deleted_at=#1 where id=#2"},
		{M, `UPDATE t SET a = ? WHERE id = ? || id = ?`, "set a=#1"},
		{M, `UPDATE a JOIN b ON a.id = b.id SET a.x = ?, b.y = 2 WHERE a.id = ?`, "set a.x=#1 set b.y=2"},
		{S, `UPDATE t SET a = :a WHERE id = :id`, "set a=:a#1 where id=:id#2"},
		// DELETE WHERE, SELECT WHERE
		{P, `DELETE FROM "users" WHERE "users"."id" = $1`, "where id=#1"},
		{P, `DELETE FROM users WHERE id IN ($1,$2) AND NOT archived`, "where id=#1,#2"},
		{M, "DELETE FROM `orders` WHERE `orders`.`user_id` IN (?,?,?)", "where user_id=#1,#2,#3"},
		{P, `SELECT * FROM "users" WHERE "users"."id" = $1 AND "users"."deleted_at" IS NULL ORDER BY "users"."id" LIMIT 1`,
			"where id=#1"},
		{P, `SELECT * FROM users JOIN orders ON true WHERE users.id = $1`, ""},
		{P, `SELECT * FROM users WHERE id = $1 UNION SELECT * FROM users WHERE id = $2`, ""},
		// several statements: no event data
		{P, `INSERT INTO t (a) VALUES ($1); INSERT INTO t (a) VALUES ($2)`, ""},
	}
	for _, c := range cases {
		st := parse.Parse(c.d, c.q)
		if got := fmtEvent(st); got != c.want {
			t.Errorf("%s %q:\n\tgot  %s\n\twant %s", c.d, c.q, got, c.want)
		}
	}
}

func TestPlaceholders(t *testing.T) {
	P, M, S, G := parse.Postgres, parse.MySQL, parse.SQLite, parse.Generic
	cases := []struct {
		d      parse.Dialect
		q      string
		params int
		where  string
	}{
		{P, `SELECT * FROM t WHERE a = $1 AND b = $2`, 2, "where a=#1 where b=#2"},
		{P, `SELECT * FROM t WHERE a = $2 AND b = $2`, 2, "where a=#2 where b=#2"},
		{P, `SELECT * FROM t WHERE a = ? AND b = ?`, 2, "where a=#1 where b=#2"},
		{P, `SELECT * FROM t WHERE '?' = x AND a = ? /* ? */ AND b = ? -- ?`, 2, "where a=#1 where b=#2"},
		{P, `SELECT * FROM t WHERE d ?| array['a'] AND d ?& array['b'] AND a = $1`, 1, "where a=#1"},
		{P, `SELECT * FROM t WHERE d ? 'k' AND a = $1`, 1, "where a=#1"},
		{P, `SELECT * FROM t WHERE a = $1 AND s = $$ $2 $$`, 1, "where a=#1 where s=' $2 '"},
		{P, `SELECT * FROM t WHERE a = @a AND b = @b`, 2, "where a=:a where b=:b"},
		{P, `SELECT a[1:2] FROM t WHERE b = :b`, 1, "where b=:b"},
		{M, `SELECT * FROM t WHERE a = ? AND s = 'x?' AND b = ? # ?`, 2, "where a=#1 where s='x?' where b=#2"},
		{M, `SELECT * FROM t WHERE a = ? AND s = "it\"s ?" AND b = ?`, 2, "where a=#1 where s='it\"s ?' where b=#2"},
		{M, `SELECT * FROM t WHERE a = :a`, 1, "where a=:a"},
		{S, `SELECT * FROM t WHERE a = ?5 AND b = ?`, 6, "where a=#5 where b=#6"},
		{S, `SELECT * FROM t WHERE a = ? AND b = ?1`, 1, "where a=#1 where b=#1"},
		{S, `SELECT * FROM t WHERE a = @a AND b = $b AND c = :c AND d = @a`, 3, "where a=:a#1 where b=:b#2 where c=:c#3 where d=:a#1"},
		{G, `SELECT * FROM t WHERE a = ? AND b = ?`, 2, "where a=#1 where b=#2"},
		{G, `SELECT * FROM t WHERE a = $1`, 1, "where a=#1"},
	}
	for _, c := range cases {
		st := parse.Parse(c.d, c.q)
		if st.Unknown {
			t.Errorf("%s %q: unknown", c.d, c.q)
		}
		if st.Params != c.params {
			t.Errorf("%s %q: Params %d, want %d", c.d, c.q, st.Params, c.params)
		}
		if got := fmtEvent(st); got != c.where {
			t.Errorf("%s %q:\n\tgot  %s\n\twant %s", c.d, c.q, got, c.where)
		}
	}
}

func TestSummary(t *testing.T) {
	P, M := parse.Postgres, parse.MySQL
	cases := []struct {
		d    parse.Dialect
		q    string
		want string
	}{
		// The examples of the OpenTelemetry database conventions.
		{P, `SELECT * FROM wuser_table`, "SELECT wuser_table"},
		{P, `INSERT INTO shipping_details (order_id, address) SELECT order_id, address FROM orders WHERE order_id = ?`,
			"INSERT shipping_details SELECT orders"},
		{P, `SELECT * FROM songs s JOIN artists a ON s.artist_id = a.id`, "SELECT songs artists"},
		{P, `SELECT order_date FROM (SELECT * FROM orders o JOIN customers c ON o.customer_id = c.customer_id) x`,
			"SELECT SELECT orders customers"},
		// more
		{P, `SELECT * FROM public.items`, "SELECT public.items"},
		{P, `UPDATE items SET a = 1`, "UPDATE items"},
		{P, `DELETE FROM items WHERE id IN (SELECT id FROM old)`, "DELETE items SELECT old"},
		{P, `INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET a = 2`, "INSERT t"},
		{P, `WITH x AS (SELECT * FROM a) SELECT * FROM x`, "SELECT a SELECT"},
		{P, `BEGIN`, "BEGIN"},
		{P, `SET search_path = app`, "SET"},
		{P, `CREATE TABLE t (id int)`, "CREATE TABLE t"},
		{P, `CREATE INDEX i ON t (a)`, "CREATE INDEX t"},
		{P, `DROP TABLE a, b`, "DROP TABLE a b"},
		{P, `TRUNCATE a, b`, "TRUNCATE a b"},
		{P, `VALUES (1)`, "SELECT"},
		{P, `SELECT 1; SELECT * FROM b`, "SELECT SELECT b"},
		{P, `CALL do_it()`, "CALL do_it"},
		{M, "REPLACE INTO `t` VALUES (1)", "REPLACE t"},
		{P, `hello`, ""},
		// sqlcommenter comments do not change it
		{P, `SELECT * FROM items /*traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'*/`, "SELECT items"},
	}
	for _, c := range cases {
		if got := parse.Parse(c.d, c.q).Summary; got != c.want {
			t.Errorf("%s %q: summary %q, want %q", c.d, c.q, got, c.want)
		}
	}
	// Truncation at 255 bytes, on a word.
	var b strings.Builder
	b.WriteString("SELECT * FROM ")
	for i := range 40 {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "table_number_%02d", i)
	}
	s := parse.Parse(P, b.String()).Summary
	if len(s) > 255 || !strings.HasPrefix(s, "SELECT table_number_00 table_number_01") || strings.HasSuffix(s, " ") {
		t.Errorf("long summary %d bytes: %q", len(s), s)
	}
}

func TestSanitized(t *testing.T) {
	P, M, S := parse.Postgres, parse.MySQL, parse.SQLite
	cases := []struct {
		d    parse.Dialect
		q    string
		want string
	}{
		{P, `SELECT * FROM t WHERE a = $1`, `SELECT * FROM t WHERE a = $1`},
		{P, `SELECT * FROM t WHERE a = 'secret' AND b = 42 AND c = E'x\'y' AND d = $$z$$`,
			`SELECT * FROM t WHERE a = ? AND b = ? AND c = ? AND d = ?`},
		{P, "SELECT *\n\tFROM t -- note\nWHERE a = 1.5e3 /* c */ LIMIT 10",
			`SELECT * FROM t WHERE a = ? LIMIT ?`},
		{P, `SELECT "col" FROM "t" WHERE x IN (1, 2, 3)`, `SELECT "col" FROM "t" WHERE x IN (?, ?, ?)`},
		{P, `SELECT a/*c*/FROM t`, `SELECT a FROM t`},
		{P, `SELECT * FROM t /*traceparent='00-aa-bb-01'*/`, `SELECT * FROM t`},
		{M, `SELECT * FROM t WHERE a = "secret" AND b = 'x' # c`, `SELECT * FROM t WHERE a = ? AND b = ?`},
		{M, `SELECT /*! SQL_NO_CACHE */ * FROM t WHERE a = ?`, `SELECT SQL_NO_CACHE * FROM t WHERE a = ?`},
		{S, `SELECT * FROM "t" WHERE a = :a AND b = X'00ff'`, `SELECT * FROM "t" WHERE a = :a AND b = ?`},
		{P, `SELECT * FROM t WHERE a = 'unterminated`, `SELECT * FROM t WHERE a =`},
	}
	for _, c := range cases {
		if got := parse.Parse(c.d, c.q).Sanitized; got != c.want {
			t.Errorf("%s %q:\n\tgot  %q\n\twant %q", c.d, c.q, got, c.want)
		}
	}
}

func TestNames(t *testing.T) {
	P, M, S := parse.Postgres, parse.MySQL, parse.SQLite
	cases := []struct {
		d      parse.Dialect
		q      string
		schema string
		name   string
	}{
		{P, `SELECT * FROM "a.b"`, "", "a.b"},
		{P, `SELECT * FROM "Items"`, "", "Items"},
		{P, `SELECT * FROM ITEMS`, "", "items"},
		{P, `SELECT * FROM "Public"."Items"`, "Public", "Items"},
		{P, `SELECT * FROM U&"items"`, "", "items"},
		{P, `SELECT * FROM ` + strings.Repeat("x", 70), "", strings.Repeat("x", 63)},
		{P, `SELECT * FROM "` + strings.Repeat("é", 40) + `"`, "", strings.Repeat("é", 31)},
		{M, "SELECT * FROM `Shop`.`Items`", "shop", "items"},
		{M, "SELECT * FROM `a.b`", "", "a.b"},
		{M, "SELECT * FROM `ÉTÉ`", "", "été"},
		{S, `SELECT * FROM [order details]`, "", "order details"},
		{S, `SELECT * FROM "Main"."Items"`, "main", "items"},
	}
	for _, c := range cases {
		st := parse.Parse(c.d, c.q)
		if st.Unknown || len(st.Reads) != 1 || st.Reads[0] != (parse.Table{Schema: c.schema, Name: c.name}) {
			t.Errorf("%s %q: unknown=%v reads %+v, want %s.%s", c.d, c.q, st.Unknown, st.Reads, c.schema, c.name)
		}
	}

	// The bare and the qualified spellings of one table compare equal under
	// the connection's default schema.
	same := []struct {
		d   parse.Dialect
		def string
		qs  []string
	}{
		{P, "public", []string{`SELECT * FROM items`, `SELECT * FROM public.items`, `SELECT * FROM "public"."items"`, `SELECT * FROM PUBLIC.ITEMS`, `SELECT * FROM db.public.items`}},
		{M, "shop", []string{"SELECT * FROM items", "SELECT * FROM shop.items", "SELECT * FROM `shop`.`Items`", "SELECT * FROM SHOP.ITEMS"}},
		{S, "main", []string{`SELECT * FROM items`, `SELECT * FROM main.items`, `SELECT * FROM "main"."ITEMS"`, `SELECT * FROM [main].[items]`}},
	}
	for _, s := range same {
		var first parse.Table
		for i, q := range s.qs {
			st := parse.Parse(s.d, q)
			if len(st.Reads) != 1 {
				t.Fatalf("%s %q: reads %v", s.d, q, st.Reads)
			}
			got := st.Reads[0].In(s.def)
			if i == 0 {
				first = got
				if got.Schema != s.def {
					t.Errorf("%s %q: In(%q) = %+v", s.d, q, s.def, got)
				}
			} else if got != first {
				t.Errorf("%s %q: %+v, want %+v", s.d, q, got, first)
			}
		}
	}
	// Quoted and unquoted differ in Postgres only.
	if a, b := parse.Parse(P, `SELECT * FROM "Items"`).Reads[0], parse.Parse(P, `SELECT * FROM Items`).Reads[0]; a == b {
		t.Errorf("postgres: \"Items\" and Items compare equal")
	}
	if got := (parse.Table{Schema: "s", Name: "t"}).String(); got != "s.t" {
		t.Errorf("String: %q", got)
	}
	if parse.Postgres.DefaultSchema() != "public" || parse.SQLite.DefaultSchema() != "main" || parse.MySQL.DefaultSchema() != "" {
		t.Errorf("DefaultSchema")
	}
}

func TestDialectAndOpNames(t *testing.T) {
	for d, want := range map[parse.Dialect]string{parse.Generic: "generic", parse.Postgres: "postgres", parse.MySQL: "mysql", parse.SQLite: "sqlite", 9: "dialect(9)"} {
		if d.String() != want {
			t.Errorf("%d: %q", d, d.String())
		}
	}
	if parse.OpUpsert.String() != "UPSERT" || parse.Op(200).String() != "UNKNOWN" || !parse.OpDrop.IsDDL() || parse.OpSelect.IsDDL() || !parse.OpRelease.IsTx() {
		t.Errorf("op names")
	}
	if parse.ValueArg.String() != "arg" || parse.ValueKind(99).String() != "none" {
		t.Errorf("value kind names")
	}
	// An undeclared dialect acts as Generic.
	if a, b := parse.Parse(9, "SELECT * FROM `x`"), parse.Parse(parse.Generic, "SELECT * FROM `x`"); a.Reads[0] != b.Reads[0] {
		t.Errorf("undeclared dialect")
	}
}

func TestCacheability(t *testing.T) {
	P := parse.Postgres
	cases := []struct {
		q                                      string
		cacheable, read, write, invalidatesAll bool
	}{
		{`SELECT * FROM items WHERE id = $1`, true, true, false, false},
		{`SELECT 1`, false, true, false, false},
		{`SELECT * FROM items FOR UPDATE`, false, true, false, false},
		{`SELECT now(), * FROM items`, false, true, false, false},
		{`SELECT my_fn() FROM items`, false, false, true, true},
		{`SELECT nextval('s')`, false, true, false, false},
		{`SELECT * FROM pg_class`, false, true, false, false},
		{`SELECT * FROM pg_temp.x`, false, true, false, false},
		{`SELECT * INTO t2 FROM t`, false, false, true, false},
		{`SELECT * FROM a; SELECT * FROM b`, false, true, false, false},
		{`SELECT * FROM items WHERE (`, false, false, true, true},
		{`WITH d AS (DELETE FROM a RETURNING *) SELECT * FROM d`, false, false, true, false},
		{`INSERT INTO t VALUES (1)`, false, false, true, false},
		{`UPDATE t SET a = 1`, false, false, true, false},
		{`CALL p()`, false, false, true, true},
		{`DO $$ BEGIN END $$`, false, false, true, true},
		{`CREATE FUNCTION f() RETURNS int AS 'select 1' LANGUAGE sql`, false, false, true, true},
		{`TRUNCATE a CASCADE`, false, false, true, true},
		{`BEGIN`, false, false, false, false},
		{`COMMIT`, false, false, false, false},
		{`SHOW x`, false, true, false, false},
		{`EXPLAIN SELECT * FROM t`, false, true, false, false},
		{`COPY t TO STDOUT`, false, true, false, false},
		{`COPY t FROM STDIN`, false, false, true, false},
		{`frobnicate`, false, false, true, true},
	}
	for _, c := range cases {
		st := parse.Parse(P, c.q)
		if st.Cacheable() != c.cacheable || st.IsRead() != c.read || st.IsWrite() != c.write || st.InvalidatesAll() != c.invalidatesAll {
			t.Errorf("%q: cacheable %v read %v write %v all %v; want %v %v %v %v", c.q,
				st.Cacheable(), st.IsRead(), st.IsWrite(), st.InvalidatesAll(), c.cacheable, c.read, c.write, c.invalidatesAll)
		}
		if st.Sure() == st.Unknown {
			t.Errorf("%q: Sure", c.q)
		}
	}
	if tb, ok := parse.Parse(P, `INSERT INTO a SELECT * FROM b`).Primary(); !ok || tb.Name != "a" {
		t.Errorf("Primary of a write: %v %v", tb, ok)
	}
	if tb, ok := parse.Parse(P, `SELECT * FROM b JOIN c ON true`).Primary(); !ok || tb.Name != "b" {
		t.Errorf("Primary of a read: %v %v", tb, ok)
	}
	if _, ok := parse.Parse(P, `SELECT 1`).Primary(); ok {
		t.Errorf("Primary of SELECT 1")
	}
	st := parse.Parse(P, `ROLLBACK TO SAVEPOINT "Sp1"`)
	if st.Op != parse.OpRollback || st.Savepoint != "Sp1" {
		t.Errorf("savepoint: %v %q", st.Op, st.Savepoint)
	}
	if st := parse.Parse(P, `CREATE MATERIALIZED VIEW mv AS SELECT 1`); st.Object != "MATERIALIZED VIEW" {
		t.Errorf("object %q", st.Object)
	}
}
