// Package conformance checks that dhsql is transparent: the same
// database/sql behaviour, run on the raw driver and on dhsql's wrapped
// one, against real servers, must give the same results, the same errors
// (same dynamic type, same text, same driver error fields) and the same
// optional driver interfaces.
//
// It is a kit, like pgx's pgxtest: a [Target] describes one inner driver
// (its raw and wrapped names, DSN and quirks), [Targets] lists the four
// drivers dhsql registers, and [Run] runs every [Check] on a target:
//
//	func TestConformance(t *testing.T) {
//		for _, tg := range conformance.Targets(t) {
//			t.Run(tg.Name, func(t *testing.T) { conformance.Run(t, tg) })
//		}
//	}
//
// A comparing check runs a scenario twice, raw then wrapped, recording
// observations with [Side.Record]; the two sequences must be equal. Other
// suites (ORMs, query builders) can reuse [Targets], [Side], [Diff] and
// [RunChecks] with checks of their own.
//
// The servers come from DHSQL_TEST_POSTGRES and DHSQL_TEST_MYSQL (see
// [EnvPostgres], [EnvMySQL]); an unreachable server fails the tests, it
// never skips them. This package lives in its own module so that users of
// dhsql never download what the checks need.
package conformance
