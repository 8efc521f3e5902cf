// Package sqlstate classifies PostgreSQL SQLSTATE codes for the lib/pq and
// pgx registration packages.
package sqlstate

import "github.com/deeperhub/dhsql"

// Classify returns the class of a SQLSTATE code (PostgreSQL Appendix A).
func Classify(code string) dhsql.ErrorClass {
	switch code {
	case "57014": // query_canceled: statement_timeout, or a cancel request
		return dhsql.ClassTimeout
	case "25P03": // idle_in_transaction_session_timeout
		return dhsql.ClassTimeout
	case "55P03": // lock_not_available
		return dhsql.ClassResource
	case "57P01", "57P02", "57P03", "57P04", "57P05", "57000":
		// admin_shutdown, crash_shutdown, cannot_connect_now,
		// database_dropped, idle_session_timeout, operator_intervention
		return dhsql.ClassConnection
	case "3D000": // invalid_catalog_name: no such database
		return dhsql.ClassSyntax
	}
	if len(code) < 2 {
		return dhsql.ClassOther
	}
	switch code[:2] {
	case "08": // connection_exception
		return dhsql.ClassConnection
	case "53", "58", "XX": // insufficient_resources, system_error, internal_error
		return dhsql.ClassResource
	case "40": // transaction_rollback: serialization_failure, deadlock_detected
		return dhsql.ClassConflict
	case "23": // integrity_constraint_violation
		return dhsql.ClassConstraint
	case "42", "0A", "3F", "34", "26", "2B": // syntax/access rule, feature not supported, invalid names
		return dhsql.ClassSyntax
	case "22": // data_exception
		return dhsql.ClassData
	}
	return dhsql.ClassOther
}
