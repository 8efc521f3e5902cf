package difftest

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/deeperhub/dhsql/parse"
)

// Case is one statement of the differential corpus.
type Case struct {
	Dialect parse.Dialect
	Kind    string // gorm, ent, sqlx, pgbench, tpch, tpcc, misc
	SQL     string
}

// ORM reports whether the case is SQL written by an ORM or query builder.
func (c Case) ORM() bool { return c.Kind == "gorm" || c.Kind == "ent" || c.Kind == "sqlx" }

type model struct {
	table   string
	cols    []string // without id and timestamps
	soft    bool     // GORM soft delete (deleted_at)
	parents []fk     // belongs-to
}

type fk struct{ col, table string }

var models = []model{
	{"users", []string{"name", "email", "age", "role", "active"}, true, nil},
	{"orders", []string{"user_id", "status", "total", "placed_at"}, true, []fk{{"user_id", "users"}}},
	{"order_items", []string{"order_id", "product_id", "quantity", "unit_price"}, false, []fk{{"order_id", "orders"}, {"product_id", "products"}}},
	{"products", []string{"sku", "name", "price", "category_id", "stock"}, true, []fk{{"category_id", "categories"}}},
	{"categories", []string{"name", "parent_id", "slug"}, false, nil},
	{"reviews", []string{"product_id", "user_id", "rating", "body"}, true, []fk{{"product_id", "products"}, {"user_id", "users"}}},
	{"addresses", []string{"user_id", "line1", "city", "zip", "country"}, false, []fk{{"user_id", "users"}}},
	{"payments", []string{"order_id", "amount", "method", "paid_at"}, false, []fk{{"order_id", "orders"}}},
	{"shipments", []string{"order_id", "carrier", "tracking", "shipped_at"}, false, []fk{{"order_id", "orders"}}},
	{"tags", []string{"name", "color"}, false, nil},
	{"posts", []string{"author_id", "title", "body", "published"}, true, []fk{{"author_id", "users"}}},
	{"comments", []string{"post_id", "user_id", "body"}, true, []fk{{"post_id", "posts"}, {"user_id", "users"}}},
	{"accounts", []string{"owner_id", "balance", "currency"}, false, []fk{{"owner_id", "users"}}},
	{"transfers", []string{"from_id", "to_id", "amount"}, false, []fk{{"from_id", "accounts"}, {"to_id", "accounts"}}},
	{"sessions", []string{"user_id", "token", "expires_at"}, false, []fk{{"user_id", "users"}}},
	{"audit_logs", []string{"actor_id", "action", "entity", "entity_id"}, false, []fk{{"actor_id", "users"}}},
	{"inventories", []string{"product_id", "warehouse_id", "qty"}, false, []fk{{"product_id", "products"}, {"warehouse_id", "warehouses"}}},
	{"warehouses", []string{"name", "city", "capacity"}, true, nil},
	{"coupons", []string{"code", "discount", "valid_until"}, false, nil},
	{"notifications", []string{"user_id", "kind", "read_at"}, false, []fk{{"user_id", "users"}}},
	{"teams", []string{"name", "plan"}, true, nil},
	{"memberships", []string{"team_id", "user_id", "role"}, false, []fk{{"team_id", "teams"}, {"user_id", "users"}}},
	{"invoices", []string{"order_id", "number", "issued_at", "total"}, false, []fk{{"order_id", "orders"}}},
	{"carts", []string{"user_id", "checked_out"}, false, []fk{{"user_id", "users"}}},
	{"cart_items", []string{"cart_id", "product_id", "qty"}, false, []fk{{"cart_id", "carts"}, {"product_id", "products"}}},
	{"pets", []string{"owner_id", "name", "species"}, false, []fk{{"owner_id", "users"}}},
	{"groups", []string{"name", "max_users"}, false, nil},
	{"group_users", []string{"group_id", "user_id"}, false, []fk{{"group_id", "groups"}, {"user_id", "users"}}},
	{"files", []string{"owner_id", "path", "size", "mime"}, true, []fk{{"owner_id", "users"}}},
	{"webhooks", []string{"team_id", "url", "secret", "enabled"}, false, []fk{{"team_id", "teams"}}},
}

// dialect-specific writing of identifiers and placeholders.
type style struct {
	d      parse.Dialect
	q      func(string) string
	n      int // placeholder counter
	dollar bool
}

func newStyle(d parse.Dialect) *style {
	s := &style{d: d}
	if d == parse.Postgres {
		s.q = func(x string) string { return `"` + x + `"` }
		s.dollar = true
	} else {
		s.q = func(x string) string { return "`" + x + "`" }
	}
	return s
}

func (s *style) reset() { s.n = 0 }

func (s *style) p() string {
	s.n++
	if s.dollar {
		return fmt.Sprintf("$%d", s.n)
	}
	return "?"
}

func (s *style) ps(k int) string {
	out := make([]string, k)
	for i := range out {
		out[i] = s.p()
	}
	return strings.Join(out, ",")
}

func (s *style) col(t, c string) string { return s.q(t) + "." + s.q(c) }

func (s *style) cols(cs []string) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = s.q(c)
	}
	return strings.Join(out, ",")
}

func allCols(m model) []string {
	cs := []string{"created_at", "updated_at"}
	if m.soft {
		cs = append(cs, "deleted_at")
	}
	return append(cs, m.cols...)
}

// Corpus returns the differential corpus, the same on every call.
func Corpus() []Case {
	var out []Case
	rng := rand.New(rand.NewPCG(1, 2))
	for _, d := range []parse.Dialect{parse.Postgres, parse.MySQL} {
		for _, m := range models {
			for _, sql := range gorm(newStyle(d), m, rng) {
				out = append(out, Case{d, "gorm", sql})
			}
			for _, sql := range ent(newStyle(d), m, rng) {
				out = append(out, Case{d, "ent", sql})
			}
			for _, sql := range sqlx(d, m, rng) {
				out = append(out, Case{d, "sqlx", sql})
			}
		}
		for _, sql := range tpch(d) {
			out = append(out, Case{d, "tpch", sql})
		}
		for _, sql := range tpcc(d) {
			out = append(out, Case{d, "tpcc", sql})
		}
	}
	for _, sql := range pgbench() {
		out = append(out, Case{parse.Postgres, "pgbench", sql})
	}
	for _, sql := range miscPG {
		out = append(out, Case{parse.Postgres, "misc", sql})
	}
	for _, sql := range miscMySQL {
		out = append(out, Case{parse.MySQL, "misc", sql})
	}
	return out
}

func pick(rng *rand.Rand, cs []string, n int) []string {
	if n > len(cs) {
		n = len(cs)
	}
	idx := rng.Perm(len(cs))[:n]
	out := make([]string, n)
	for i, k := range idx {
		out[i] = cs[k]
	}
	return out
}

// gorm writes the statements GORM v2 produces for model m.
func gorm(s *style, m model, rng *rand.Rand) []string {
	t := m.table
	q := s.q
	pg := s.d == parse.Postgres
	soft := func() string {
		if m.soft {
			return " AND " + s.col(t, "deleted_at") + " IS NULL"
		}
		return ""
	}
	softWhere := func() string {
		if m.soft {
			return " WHERE " + s.col(t, "deleted_at") + " IS NULL"
		}
		return ""
	}
	ret := func() string {
		if pg {
			return ` RETURNING "id"`
		}
		return ""
	}
	var out []string
	add := func(sql string) { out = append(out, sql); s.reset() }

	// First / Take / Last
	add("SELECT * FROM " + q(t) + " WHERE " + s.col(t, "id") + " = " + s.p() + soft() + " ORDER BY " + s.col(t, "id") + " LIMIT " + s.p())
	add("SELECT * FROM " + q(t) + softWhere() + " ORDER BY " + s.col(t, "id") + " DESC LIMIT 1")
	add("SELECT * FROM " + q(t) + softWhere() + " LIMIT 1")
	// Find with conditions
	c := m.cols[rng.IntN(len(m.cols))]
	add("SELECT * FROM " + q(t) + " WHERE " + q(c) + " = " + s.p() + soft())
	add("SELECT * FROM " + q(t) + " WHERE " + c + " = " + s.p() + " AND id > " + s.p() + soft())
	add("SELECT * FROM " + q(t) + " WHERE (" + q(c) + " = " + s.p() + " OR " + q(c) + " = " + s.p() + ")" + soft())
	add("SELECT * FROM " + q(t) + " WHERE " + q(c) + " IN (" + s.ps(3) + ")" + soft() + " ORDER BY " + q("id"))
	add("SELECT * FROM " + q(t) + " WHERE " + q(c) + " LIKE " + s.p() + soft() + " ORDER BY created_at desc LIMIT 20 OFFSET 40")
	// Select columns, Pluck, Count, Distinct
	cs := pick(rng, m.cols, 2)
	add("SELECT " + s.cols(cs) + " FROM " + q(t) + " WHERE " + s.col(t, "id") + " = " + s.p() + soft())
	add("SELECT " + q(cs[0]) + " FROM " + q(t) + softWhere())
	add("SELECT count(*) FROM " + q(t) + " WHERE " + q(c) + " = " + s.p() + soft())
	add("SELECT DISTINCT " + q(cs[0]) + " FROM " + q(t) + softWhere())
	// Unscoped
	add("SELECT * FROM " + q(t) + " WHERE " + s.col(t, "id") + " = " + s.p())
	// Create, batch create, upserts
	ac := allCols(m)
	add("INSERT INTO " + q(t) + " (" + s.cols(ac) + ") VALUES (" + s.ps(len(ac)) + ")" + ret())
	rows := 2 + rng.IntN(4)
	var vals []string
	for range rows {
		vals = append(vals, "("+s.ps(len(ac))+")")
	}
	add("INSERT INTO " + q(t) + " (" + s.cols(ac) + ") VALUES " + strings.Join(vals, ",") + ret())
	up := pick(rng, m.cols, 2)
	if pg {
		var sets []string
		for _, u := range append(up, "updated_at") {
			sets = append(sets, q(u)+`="excluded".`+q(u))
		}
		add("INSERT INTO " + q(t) + " (" + s.cols(ac) + ") VALUES (" + s.ps(len(ac)) + `) ON CONFLICT ("id") DO UPDATE SET ` + strings.Join(sets, ",") + ret())
		add("INSERT INTO " + q(t) + " (" + s.cols(ac) + ") VALUES (" + s.ps(len(ac)) + ") ON CONFLICT DO NOTHING" + ret())
	} else {
		var sets []string
		for _, u := range append(up, "updated_at") {
			sets = append(sets, q(u)+"=VALUES("+q(u)+")")
		}
		add("INSERT INTO " + q(t) + " (" + s.cols(ac) + ") VALUES (" + s.ps(len(ac)) + ") ON DUPLICATE KEY UPDATE " + strings.Join(sets, ","))
		add("INSERT IGNORE INTO " + q(t) + " (" + s.cols(ac) + ") VALUES (" + s.ps(len(ac)) + ")")
		add("INSERT INTO " + q(t) + " (" + s.cols(ac) + ") VALUES (" + s.ps(len(ac)) + ") ON DUPLICATE KEY UPDATE " + q("id") + "=" + q("id"))
	}
	// Save (all columns), Updates, Update single column
	var sets []string
	for _, a := range ac {
		sets = append(sets, q(a)+"="+s.p())
	}
	add("UPDATE " + q(t) + " SET " + strings.Join(sets, ",") + " WHERE " + s.col(t, "id") + " = " + s.p() + soft())
	add("UPDATE " + q(t) + " SET " + q(up[0]) + "=" + s.p() + "," + q("updated_at") + "=" + s.p() + " WHERE " + s.col(t, "id") + " = " + s.p() + soft())
	add("UPDATE " + q(t) + " SET " + q(up[0]) + "=" + s.p() + "," + q("updated_at") + "=" + s.p() + " WHERE " + q(c) + " = " + s.p() + soft())
	add("UPDATE " + q(t) + " SET " + q("updated_at") + "=" + s.p() + " WHERE " + s.col(t, "id") + " IN (" + s.ps(3) + ")" + soft())
	// Delete: soft and hard
	if m.soft {
		add("UPDATE " + q(t) + " SET " + q("deleted_at") + "=" + s.p() + " WHERE " + s.col(t, "id") + " = " + s.p() + soft())
		add("UPDATE " + q(t) + " SET " + q("deleted_at") + "=" + s.p() + " WHERE " + s.col(t, "id") + " IN (" + s.ps(2) + ")" + soft())
	}
	add("DELETE FROM " + q(t) + " WHERE " + s.col(t, "id") + " = " + s.p())
	add("DELETE FROM " + q(t) + " WHERE " + q(c) + " = " + s.p())
	// Preload, Joins per belongs-to
	for _, f := range m.parents {
		parent := modelByName(f.table)
		psoft := ""
		if parent.soft {
			psoft = " AND " + s.col(f.table, "deleted_at") + " IS NULL"
		}
		add("SELECT * FROM " + q(f.table) + " WHERE " + s.col(f.table, "id") + " IN (" + s.ps(3) + ")" + psoft)
		add("SELECT * FROM " + q(t) + " WHERE " + s.col(t, f.col) + " IN (" + s.ps(2) + ")" + soft())
		alias := strings.ToUpper(f.table[:1]) + strings.TrimSuffix(f.table[1:], "s")
		join := "SELECT " + s.col(t, "id") + "," + s.col(t, f.col) + "," + q(alias) + "." + q("id") + " AS " + q(alias+"__id") +
			"," + q(alias) + "." + q(parent.cols[0]) + " AS " + q(alias+"__"+parent.cols[0]) +
			" FROM " + q(t) + " LEFT JOIN " + q(f.table) + " " + q(alias) + " ON " + s.col(t, f.col) + " = " + q(alias) + "." + q("id")
		if parent.soft {
			join += " AND " + q(alias) + "." + q("deleted_at") + " IS NULL"
		}
		add(join + " WHERE " + s.col(t, "id") + " = " + s.p() + soft())
		add("SELECT count(*) FROM " + q(t) + " INNER JOIN " + q(f.table) + " ON " + s.col(f.table, "id") + " = " + s.col(t, f.col) + " WHERE " + s.col(f.table, "id") + " = " + s.p() + soft())
	}
	// Subquery, group, locking, FirstOrCreate, nested transactions
	add("SELECT * FROM " + q(t) + " WHERE " + q("id") + " IN (SELECT " + q("id") + " FROM " + q(t) + " WHERE " + q(c) + " = " + s.p() + ")" + soft())
	add("SELECT " + q(c) + ", count(*) as total FROM " + q(t) + softWhere() + " GROUP BY " + q(c) + " HAVING count(*) > " + s.p())
	add("SELECT * FROM " + q(t) + " WHERE " + s.col(t, "id") + " = " + s.p() + soft() + " ORDER BY " + s.col(t, "id") + " LIMIT 1 FOR UPDATE")
	add("SAVEPOINT sp" + fmt.Sprint(rng.IntN(1000000)))
	return out
}

func modelByName(name string) model {
	for _, m := range models {
		if m.table == name {
			return m
		}
	}
	return model{table: name, cols: []string{"name"}}
}

// ent writes the statements entgo's sql builder produces.
func ent(s *style, m model, rng *rand.Rand) []string {
	t := m.table
	q := s.q
	pg := s.d == parse.Postgres
	sel := func(cs []string) string {
		out := []string{s.col(t, "id")}
		for _, c := range cs {
			out = append(out, s.col(t, c))
		}
		return strings.Join(out, ", ")
	}
	var out []string
	add := func(sql string) { out = append(out, sql); s.reset() }
	cs := m.cols
	c := cs[rng.IntN(len(cs))]
	add("SELECT DISTINCT " + sel(cs) + " FROM " + q(t) + " WHERE " + s.col(t, "id") + " = " + s.p() + " LIMIT 2")
	add("SELECT DISTINCT " + sel(cs) + " FROM " + q(t) + " WHERE " + s.col(t, c) + " = " + s.p() + " ORDER BY " + s.col(t, "id") + " LIMIT 10 OFFSET 20")
	add("SELECT " + sel(cs) + " FROM " + q(t) + " WHERE " + s.col(t, "id") + " IN (" + strings.ReplaceAll(s.ps(4), ",", ", ") + ")")
	add("SELECT COUNT(*) FROM (SELECT DISTINCT " + s.col(t, "id") + " FROM " + q(t) + " WHERE " + s.col(t, c) + " = " + s.p() + ") AS " + q("t1"))
	add("SELECT " + s.col(t, "id") + " FROM " + q(t) + " WHERE " + s.col(t, c) + " IS NOT NULL LIMIT 1")
	ret := ""
	if pg {
		ret = ` RETURNING "id"`
	}
	insCols := make([]string, len(cs))
	for i, x := range cs {
		insCols[i] = q(x)
	}
	add("INSERT INTO " + q(t) + " (" + strings.Join(insCols, ", ") + ") VALUES (" + strings.ReplaceAll(s.ps(len(cs)), ",", ", ") + ")" + ret)
	add("INSERT INTO " + q(t) + " (" + strings.Join(insCols, ", ") + ") VALUES (" + strings.ReplaceAll(s.ps(len(cs)), ",", ", ") + "), (" + strings.ReplaceAll(s.ps(len(cs)), ",", ", ") + ")" + ret)
	if pg {
		add("INSERT INTO " + q(t) + " (" + strings.Join(insCols, ", ") + ") VALUES (" + strings.ReplaceAll(s.ps(len(cs)), ",", ", ") + `) ON CONFLICT ("id") DO UPDATE SET ` + q(c) + ` = "excluded".` + q(c) + ret)
	} else {
		add("INSERT INTO " + q(t) + " (" + strings.Join(insCols, ", ") + ") VALUES (" + strings.ReplaceAll(s.ps(len(cs)), ",", ", ") + ") ON DUPLICATE KEY UPDATE " + q(c) + " = VALUES(" + q(c) + ")")
	}
	add("UPDATE " + q(t) + " SET " + q(c) + " = " + s.p() + " WHERE " + s.col(t, "id") + " = " + s.p())
	add("UPDATE " + q(t) + " SET " + q(c) + " = COALESCE(" + s.col(t, c) + ", 0) + " + s.p() + " WHERE " + s.col(t, "id") + " = " + s.p())
	add("UPDATE " + q(t) + " SET " + q(c) + " = NULL WHERE " + s.col(t, c) + " = " + s.p())
	add("DELETE FROM " + q(t) + " WHERE " + s.col(t, "id") + " = " + s.p())
	add("DELETE FROM " + q(t) + " WHERE " + s.col(t, c) + " = " + s.p())
	for _, f := range m.parents {
		// edge loading and has-edge predicates
		add("SELECT " + sel(cs) + " FROM " + q(t) + " WHERE " + s.col(t, f.col) + " IN (" + strings.ReplaceAll(s.ps(3), ",", ", ") + ")")
		add("SELECT DISTINCT " + sel(cs) + " FROM " + q(t) + " WHERE EXISTS (SELECT " + s.col(f.table, "id") + " FROM " + q(f.table) +
			" WHERE " + s.col(t, f.col) + " = " + s.col(f.table, "id") + " AND " + s.col(f.table, "id") + " = " + s.p() + ")")
		add("SELECT DISTINCT " + s.col(f.table, "id") + " FROM " + q(f.table) + " JOIN (SELECT " + s.col(t, f.col) + " FROM " + q(t) +
			" WHERE " + s.col(t, "id") + " = " + s.p() + ") AS " + q("t1") + " ON " + s.col(f.table, "id") + " = " + s.col("t1", f.col))
		add("SELECT " + sel(cs) + " FROM " + q(t) + " WHERE " + s.col(t, f.col) + " IN (SELECT " + s.col(f.table, "id") + " FROM " + q(f.table) + " WHERE " + s.col(f.table, "id") + " > " + s.p() + ")")
	}
	return out
}

// sqlx: hand-written SQL, named parameters already bound by sqlx.Named and
// Rebind, IN lists expanded by sqlx.In.
func sqlx(d parse.Dialect, m model, rng *rand.Rand) []string {
	t := m.table
	if d == parse.MySQL && t == "groups" {
		t = "`groups`" // reserved since MySQL 8.0.2
	}
	ph := func(i int) string {
		if d == parse.Postgres {
			return fmt.Sprintf("$%d", i)
		}
		return "?"
	}
	cs := m.cols
	c := cs[rng.IntN(len(cs))]
	var out []string
	out = append(out,
		"SELECT * FROM "+t+" WHERE id="+ph(1),
		"SELECT id, "+strings.Join(cs, ", ")+" FROM "+t+" WHERE "+c+" = "+ph(1)+" LIMIT 1",
		"SELECT * FROM "+t+" ORDER BY id LIMIT "+ph(1)+" OFFSET "+ph(2),
		"SELECT * FROM "+t+" WHERE id IN ("+ph(1)+", "+ph(2)+", "+ph(3)+")",
		"SELECT COUNT(*) FROM "+t,
		"UPDATE "+t+" SET "+c+"="+ph(1)+" WHERE id="+ph(2),
		"DELETE FROM "+t+" WHERE id="+ph(1),
	)
	var vals []string
	for i := range cs {
		vals = append(vals, ph(i+1))
	}
	out = append(out, "INSERT INTO "+t+" ("+strings.Join(cs, ", ")+") VALUES ("+strings.Join(vals, ", ")+")")
	for _, f := range m.parents {
		pt := f.table
		if d == parse.MySQL && pt == "groups" {
			pt = "`groups`"
		}
		out = append(out,
			"SELECT x.*, p.id AS parent_id FROM "+t+" x JOIN "+pt+" p ON p.id = x."+f.col+" WHERE x.id = "+ph(1),
			"SELECT p.* FROM "+pt+" p WHERE EXISTS (SELECT 1 FROM "+t+" x WHERE x."+f.col+" = p.id AND x.id = "+ph(1)+")",
		)
	}
	return out
}

func pgbench() []string {
	return []string{
		"UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2",
		"SELECT abalance FROM pgbench_accounts WHERE aid = $1",
		"UPDATE pgbench_tellers SET tbalance = tbalance + $1 WHERE tid = $2",
		"UPDATE pgbench_branches SET bbalance = bbalance + $1 WHERE bid = $2",
		"INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP)",
		"BEGIN",
		"END",
		"drop table if exists pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers",
		"create table pgbench_history(tid int,bid int,aid    int,delta int,mtime timestamp,filler char(22))",
		"create table pgbench_tellers(tid int not null,bid int,tbalance int,filler char(84)) with (fillfactor=100)",
		"create table pgbench_accounts(aid    int not null,bid int,abalance int,filler char(84)) with (fillfactor=100)",
		"create table pgbench_branches(bid int not null,bbalance int,filler char(88)) with (fillfactor=100)",
		"truncate table pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers",
		"insert into pgbench_branches(bid,bbalance) values(1,0)",
		"insert into pgbench_tellers(tid,bid,tbalance) values (1,1,0)",
		"insert into pgbench_accounts(aid,bid,abalance,filler) select aid, (aid - 1) / 100000 + 1, 0, '' from generate_series(1, 100000) as aid",
		"copy pgbench_accounts from stdin with (freeze on)",
		"alter table pgbench_branches add primary key (bid)",
		"alter table pgbench_tellers add primary key (tid)",
		"alter table pgbench_accounts add primary key (aid)",
		"alter table pgbench_tellers add constraint pgbench_tellers_bid_fkey foreign key (bid) references pgbench_branches",
		"alter table pgbench_accounts add constraint pgbench_accounts_bid_fkey foreign key (bid) references pgbench_branches",
		"select count(*) from pgbench_branches",
		"select o.n, p.partstrat, pg_catalog.count(i.inhparent) from pg_catalog.pg_class as c join pg_catalog.pg_namespace as n on (n.oid = c.relnamespace) cross join lateral (select pg_catalog.array_position(pg_catalog.current_schemas(true), n.nspname)) as o(n) left join pg_catalog.pg_partitioned_table as p on (p.partrelid = c.oid) left join pg_catalog.pg_inherits as i on (c.oid = i.inhparent) where c.relname = 'pgbench_accounts' and o.n is not null group by 1, 2 order by 1 asc limit 1",
	}
}

func tpcc(d parse.Dialect) []string {
	qs := []string{
		"SELECT c_discount, c_last, c_credit, w_tax FROM customer, warehouse WHERE w_id = $1 AND c_w_id = w_id AND c_d_id = $2 AND c_id = $3",
		"SELECT d_next_o_id, d_tax FROM district WHERE d_id = $1 AND d_w_id = $2 FOR UPDATE",
		"UPDATE district SET d_next_o_id = d_next_o_id + 1 WHERE d_id = $1 AND d_w_id = $2",
		"INSERT INTO oorder (o_id, o_d_id, o_w_id, o_c_id, o_entry_d, o_ol_cnt, o_all_local) VALUES ($1, $2, $3, $4, $5, $6, $7)",
		"INSERT INTO new_order (no_o_id, no_d_id, no_w_id) VALUES ($1, $2, $3)",
		"SELECT i_price, i_name, i_data FROM item WHERE i_id = $1",
		"SELECT s_quantity, s_data, s_dist_01, s_dist_02, s_dist_03, s_dist_04, s_dist_05, s_dist_06, s_dist_07, s_dist_08, s_dist_09, s_dist_10 FROM stock WHERE s_i_id = $1 AND s_w_id = $2 FOR UPDATE",
		"UPDATE stock SET s_quantity = $1, s_ytd = s_ytd + $2, s_order_cnt = s_order_cnt + 1, s_remote_cnt = s_remote_cnt + $3 WHERE s_i_id = $4 AND s_w_id = $5",
		"INSERT INTO order_line (ol_o_id, ol_d_id, ol_w_id, ol_number, ol_i_id, ol_supply_w_id, ol_quantity, ol_amount, ol_dist_info) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
		"UPDATE warehouse SET w_ytd = w_ytd + $1 WHERE w_id = $2",
		"SELECT w_street_1, w_street_2, w_city, w_state, w_zip, w_name FROM warehouse WHERE w_id = $1",
		"UPDATE district SET d_ytd = d_ytd + $1 WHERE d_w_id = $2 AND d_id = $3",
		"SELECT d_street_1, d_street_2, d_city, d_state, d_zip, d_name FROM district WHERE d_w_id = $1 AND d_id = $2",
		"SELECT count(c_id) AS namecnt FROM customer WHERE c_last = $1 AND c_d_id = $2 AND c_w_id = $3",
		"SELECT c_first, c_middle, c_id, c_street_1, c_street_2, c_city, c_state, c_zip, c_phone, c_credit, c_credit_lim, c_discount, c_balance, c_since FROM customer WHERE c_w_id = $1 AND c_d_id = $2 AND c_last = $3 ORDER BY c_first",
		"SELECT c_data FROM customer WHERE c_w_id = $1 AND c_d_id = $2 AND c_id = $3",
		"UPDATE customer SET c_balance = $1, c_ytd_payment = $2, c_payment_cnt = $3, c_data = $4 WHERE c_w_id = $5 AND c_d_id = $6 AND c_id = $7",
		"UPDATE customer SET c_balance = $1, c_ytd_payment = $2, c_payment_cnt = $3 WHERE c_w_id = $4 AND c_d_id = $5 AND c_id = $6",
		"INSERT INTO history (h_c_d_id, h_c_w_id, h_c_id, h_d_id, h_w_id, h_date, h_amount, h_data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
		"SELECT o_id, o_carrier_id, o_entry_d FROM oorder WHERE o_w_id = $1 AND o_d_id = $2 AND o_c_id = $3 ORDER BY o_id DESC LIMIT 1",
		"SELECT ol_i_id, ol_supply_w_id, ol_quantity, ol_amount, ol_delivery_d FROM order_line WHERE ol_o_id = $1 AND ol_d_id = $2 AND ol_w_id = $3",
		"SELECT no_o_id FROM new_order WHERE no_d_id = $1 AND no_w_id = $2 ORDER BY no_o_id ASC LIMIT 1 FOR UPDATE",
		"DELETE FROM new_order WHERE no_o_id = $1 AND no_d_id = $2 AND no_w_id = $3",
		"SELECT o_c_id FROM oorder WHERE o_id = $1 AND o_d_id = $2 AND o_w_id = $3",
		"UPDATE oorder SET o_carrier_id = $1 WHERE o_id = $2 AND o_d_id = $3 AND o_w_id = $4",
		"UPDATE order_line SET ol_delivery_d = $1 WHERE ol_o_id = $2 AND ol_d_id = $3 AND ol_w_id = $4",
		"SELECT SUM(ol_amount) AS ol_total FROM order_line WHERE ol_o_id = $1 AND ol_d_id = $2 AND ol_w_id = $3",
		"UPDATE customer SET c_balance = c_balance + $1, c_delivery_cnt = c_delivery_cnt + 1 WHERE c_w_id = $2 AND c_d_id = $3 AND c_id = $4",
		"SELECT d_next_o_id FROM district WHERE d_w_id = $1 AND d_id = $2",
		"SELECT COUNT(DISTINCT (s_i_id)) AS stock_count FROM order_line, stock WHERE ol_w_id = $1 AND ol_d_id = $2 AND ol_o_id < $3 AND ol_o_id >= $4 AND s_w_id = $5 AND s_i_id = ol_i_id AND s_quantity < $6",
		"SELECT c_id FROM customer WHERE c_w_id = $1 AND c_d_id = $2 AND c_last = $3 ORDER BY c_first FOR SHARE",
	}
	if d == parse.MySQL {
		for i, q := range qs {
			qs[i] = dollarToQuestion(q)
		}
	}
	return qs
}

func dollarToQuestion(q string) string {
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		if q[i] == '$' && i+1 < len(q) && q[i+1] >= '0' && q[i+1] <= '9' {
			b.WriteByte('?')
			for i+1 < len(q) && q[i+1] >= '0' && q[i+1] <= '9' {
				i++
			}
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}
