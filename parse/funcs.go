package parse

import "strings"

// fnClass classifies a function name for one dialect.
type fnClass uint8

const (
	fnUnknown fnClass = iota // on no list: may do anything
	fnPure                   // immutable, or an aggregate/window over its input
	fnND                     // reads the clock, randomness or the session
	fnSeq                    // uses a sequence or auto-increment counter
	fnDate                   // SQLite date/time function: pure unless 'now' or no argument
)

const (
	dG = 1 << Generic
	dP = 1 << Postgres
	dM = 1 << MySQL
	dS = 1 << SQLite
	dA = dG | dP | dM | dS
)

// The function lists. A function that is immutable in one dialect and
// absent from another is unknown (not cacheable) there.
var fnLists = []struct {
	dialects uint8
	class    fnClass
	names    string
}{
	{dA, fnPure, `abs ceil ceiling floor round sign sqrt power pow exp ln log log10 log2 mod pi
		degrees radians sin cos tan asin acos atan atan2 cot greatest least coalesce nullif
		lower upper length char_length character_length octet_length bit_length concat concat_ws
		substr substring trim ltrim rtrim replace position left right lpad rpad reverse repeat
		ascii char count sum avg min max cast convert extract grouping
		row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
		stddev stddev_pop stddev_samp variance var_pop var_samp
		json_object json_array json_extract json_valid json_type json_quote json_insert json_set
		json_replace json_remove json_array_length hex`},
	{dG | dP, fnPure, `btrim strpos split_part initcap translate chr to_hex md5 sha224 sha256 sha384 sha512
		encode decode quote_ident quote_literal quote_nullable starts_with overlay num_nonnulls num_nulls
		width_bucket div trunc cbrt factorial gcd lcm scale
		string_agg array_agg json_agg jsonb_agg json_object_agg jsonb_object_agg bool_and bool_or every
		bit_and bit_or bit_xor corr covar_pop covar_samp regr_slope regr_intercept percentile_cont
		percentile_disc mode
		date_part date_trunc to_char to_date to_timestamp to_number make_date make_time make_timestamp
		make_timestamptz make_interval justify_days justify_hours justify_interval isfinite
		json_build_object jsonb_build_object json_build_array jsonb_build_array to_json to_jsonb
		row_to_json array_to_json json_extract_path jsonb_extract_path json_extract_path_text
		jsonb_extract_path_text jsonb_set jsonb_insert jsonb_strip_nulls json_strip_nulls jsonb_pretty
		jsonb_array_length json_typeof jsonb_typeof json_array_elements jsonb_array_elements
		json_array_elements_text jsonb_array_elements_text json_each jsonb_each json_each_text
		jsonb_each_text json_object_keys jsonb_object_keys jsonb_path_query jsonb_path_exists
		jsonb_path_match jsonb_path_query_array jsonb_path_query_first jsonb_exists
		array_length array_to_string string_to_array array_position array_positions array_remove
		array_replace array_append array_prepend array_cat array_upper array_lower array_dims
		array_ndims cardinality unnest generate_series generate_subscripts
		regexp_replace regexp_matches regexp_match regexp_split_to_array regexp_split_to_table
		regexp_like regexp_substr regexp_instr regexp_count
		to_tsvector to_tsquery plainto_tsquery phraseto_tsquery websearch_to_tsquery ts_rank
		ts_rank_cd ts_headline setweight
		int2 int4 int8 integer bigint smallint float4 float8 real numeric decimal text varchar bool
		boolean date time timestamp timestamptz interval uuid jsonb json bytea inet cidr
		lower_inc upper_inc isempty range_merge int4range int8range numrange tsrange tstzrange daterange
		host hostmask masklen netmask network family abbrev broadcast
		point box circle line lseg path polygon area center diameter radius height width
		format_type`},
	{dM, fnPure, `ifnull if isnull field find_in_set elt instr locate lcase ucase space strcmp
		substring_index soundex format bin oct conv crc32 md5 sha sha1 sha2 unhex to_base64 from_base64
		inet_aton inet_ntoa inet6_aton inet6_ntoa bit_count truncate insert values default
		group_concat json_arrayagg json_objectagg bit_and bit_or bit_xor std
		json_unquote json_contains json_contains_path json_length json_keys json_merge_patch
		json_merge_preserve json_search json_overlaps json_value json_pretty json_depth json_table
		json_array_append json_array_insert member columns
		datediff date_add date_sub adddate subdate addtime subtime date_format str_to_date time_format
		year month day dayofmonth dayofweek dayofyear week weekday weekofyear yearweek hour minute
		second microsecond quarter monthname dayname last_day makedate maketime period_add period_diff
		timestampdiff timestampadd timediff to_days from_days to_seconds time_to_sec sec_to_time
		date time timestamp datetime decimal signed unsigned binary nchar double float json
		match regexp_replace regexp_like regexp_substr regexp_instr`},
	{dS, fnPure, `ifnull iif instr typeof quote printf format glob like likely unlikely likelihood
		zeroblob unicode unhex total group_concat string_agg json json_group_array json_group_object
		json_each json_tree json_patch json_extract json_array_length sign trunc octet_length
		median percentile percentile_cont percentile_disc`},

	{dA, fnND, `now random rand uuid current_timestamp current_date current_time localtime
		localtimestamp current_user session_user user system_user current_role sleep version
		database schema`},
	{dG | dP, fnND, `gen_random_uuid uuid_generate_v1 uuid_generate_v1mc uuid_generate_v4 statement_timestamp
		clock_timestamp transaction_timestamp timeofday current_schema current_schemas current_database
		current_catalog current_setting set_config pg_backend_pid inet_client_addr inet_client_port
		inet_server_addr inet_server_port txid_current txid_current_if_assigned pg_current_xact_id
		pg_sleep pg_sleep_for pg_sleep_until pg_advisory_lock pg_advisory_unlock pg_try_advisory_lock
		pg_advisory_xact_lock pg_try_advisory_xact_lock pg_advisory_unlock_all pg_notify setseed age
		pg_postmaster_start_time pg_is_in_recovery pg_relation_size pg_total_relation_size
		pg_table_size pg_indexes_size pg_database_size pg_size_pretty has_table_privilege
		has_schema_privilege has_database_privilege pg_has_role to_regclass pg_typeof
		pg_get_serial_sequence obj_description col_description pg_get_viewdef pg_get_indexdef
		pg_get_constraintdef pg_get_expr pg_table_is_visible pg_cancel_backend
		pg_terminate_backend txid_snapshot_xmin`},
	{dM, fnND, `uuid_short curdate curtime sysdate utc_date utc_time utc_timestamp unix_timestamp
		from_unixtime convert_tz connection_id found_rows row_count benchmark get_lock release_lock
		release_all_locks is_free_lock is_used_lock master_pos_wait source_pos_wait random_bytes
		current_role session_user system_user schema database rand`},
	{dS, fnND, `randomblob changes total_changes sqlite_version sqlite_source_id random`},

	{dG | dP, fnSeq, `nextval currval setval lastval`},
	{dM, fnSeq, `last_insert_id nextval lastval setval`},
	{dS, fnSeq, `last_insert_rowid`},

	{dS, fnDate, `date time datetime julianday strftime unixepoch timediff`},
}

// fnEntry is one function name (lower case) with its class per dialect,
// four bits per dialect.
type fnEntry struct {
	name  string
	hash  uint32 // fnHash(name)
	class uint16
}

// fnTable is an open-addressing hash table of the listed functions,
// indexed by fnSlot of the hash of their names.
const (
	fnTableBits = 11
	fnTableSize = 1 << fnTableBits
)

func fnSlot(h uint32) uint32 { return (h * 0x9E3779B1) >> (32 - fnTableBits) }

var fnTable = func() *[fnTableSize]fnEntry {
	m := make(map[string]uint16, 600)
	var names []string
	for _, l := range fnLists {
		for _, name := range strings.Fields(l.names) {
			v, seen := m[name]
			if !seen {
				names = append(names, name)
			}
			for d := Dialect(0); d < numDialects; d++ {
				if l.dialects&(1<<d) == 0 {
					continue
				}
				shift := 4 * uint(d)
				cur := fnClass(v >> shift & 0xf)
				// A name listed as pure and as non-deterministic for one
				// dialect is non-deterministic: the later, stricter list wins.
				if cur == fnUnknown || l.class != fnPure {
					v = v&^(0xf<<shift) | uint16(l.class)<<shift
				}
			}
			m[name] = v
		}
	}
	t := new([fnTableSize]fnEntry)
	for _, name := range names {
		h := fnHash(name)
		i := fnSlot(h)
		for t[i].name != "" {
			i = (i + 1) & (fnTableSize - 1)
		}
		t[i] = fnEntry{name, h, m[name]}
	}
	return t
}()

// fnHash is the FNV-1a hash of name with ASCII letters folded to lower
// case.
func fnHash(name string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(name); i++ {
		h = (h ^ uint32(lowerTab[name[i]])) * 16777619
	}
	return h
}

// lowerTab maps each byte to itself, ASCII upper case letters to lower
// case.
var lowerTab = func() (t [256]byte) {
	for c := range t {
		t[c] = byte(c)
		if c >= 'A' && c <= 'Z' {
			t[c] += 'a' - 'A'
		}
	}
	return t
}()

// lookupFn classifies the function name (as written, unquoted) for d.
func lookupFn(d Dialect, name string) fnClass {
	if len(name) == 0 || len(name) > 40 {
		return fnUnknown
	}
	h := fnHash(name)
	for i := fnSlot(h); ; i = (i + 1) & (fnTableSize - 1) {
		e := &fnTable[i]
		if e.name == "" {
			return fnUnknown
		}
		if e.hash == h && len(e.name) == len(name) && eqLower(name, e.name) {
			return fnClass(e.class >> (4 * uint(d)) & 0xf)
		}
	}
}

// eqLower reports whether s with ASCII letters folded to lower case equals
// lower, which has the length of s.
func eqLower(s, lower string) bool {
	for i := 0; i < len(s) && i < len(lower); i++ {
		if lowerTab[s[i]] != lower[i] {
			return false
		}
	}
	return true
}
