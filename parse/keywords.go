// Keywords the parser recognizes by identity. Every constant has its name in kwNames.

package parse

// kw identifies a keyword recognized by the parser; 0 is not a keyword.
type kw uint8

const (
	kwNone kw = iota
	kwSELECT
	kwWITH
	kwVALUES
	kwTABLE
	kwINSERT
	kwUPDATE
	kwDELETE
	kwREPLACE
	kwMERGE
	kwTRUNCATE
	kwCREATE
	kwALTER
	kwDROP
	kwRENAME
	kwCOPY
	kwLOAD
	kwBEGIN
	kwSTART
	kwCOMMIT
	kwEND
	kwROLLBACK
	kwABORT
	kwSAVEPOINT
	kwRELEASE
	kwSET
	kwSHOW
	kwDESCRIBE
	kwDESC
	kwEXPLAIN
	kwCALL
	kwEXECUTE
	kwEXEC
	kwDO
	kwPREPARE
	kwDEALLOCATE
	kwUSE
	kwPRAGMA
	kwLOCK
	kwUNLOCK
	kwFROM
	kwWHERE
	kwGROUP
	kwBY
	kwHAVING
	kwWINDOW
	kwORDER
	kwLIMIT
	kwOFFSET
	kwFETCH
	kwFOR
	kwUNION
	kwINTERSECT
	kwEXCEPT
	kwMINUS
	kwINTO
	kwRETURNING
	kwON
	kwUSING
	kwJOIN
	kwINNER
	kwLEFT
	kwRIGHT
	kwFULL
	kwOUTER
	kwCROSS
	kwNATURAL
	kwSTRAIGHT_JOIN
	kwLATERAL
	kwONLY
	kwAS
	kwALL
	kwDISTINCT
	kwDISTINCTROW
	kwRECURSIVE
	kwNOT
	kwMATERIALIZED
	kwSHARE
	kwMODE
	kwIN
	kwEXISTS
	kwANY
	kwSOME
	kwOR
	kwAND
	kwIS
	kwNULL
	kwTRUE
	kwFALSE
	kwDEFAULT
	kwCASE
	kwWHEN
	kwTHEN
	kwELSE
	kwOVER
	kwFILTER
	kwARRAY
	kwROW
	kwWITHIN
	kwBETWEEN
	kwLIKE
	kwILIKE
	kwSIMILAR
	kwESCAPE
	kwCONFLICT
	kwNOTHING
	kwDUPLICATE
	kwKEY
	kwIGNORE
	kwOF
	kwNOWAIT
	kwSKIP
	kwTABLESAMPLE
	kwPARTITION
	kwFORCE
	kwINDEX
	kwINDEXED
	kwCAST
	kwINTERVAL
	kwOPERATOR
	kwCOLLATE
	kwAT
	kwZONE
	kwTIME
	kwWITHOUT
	kwPRECISION
	kwVARYING
	kwUNSIGNED
	kwSIGNED
	kwROWS
	kwRANGE
	kwGROUPS
	kwSETS
	kwROLLUP
	kwCUBE
	kwCURRENT
	kwUNBOUNDED
	kwPRECEDING
	kwFOLLOWING
	kwEXCLUDE
	kwASC
	kwNULLS
	kwFIRST
	kwLAST
	kwNEXT
	kwORDINALITY
	kwREPEATABLE
	kwMATCHED
	kwDUAL
	kwVALUE
	kwTO
	kwIF
	kwWHILE
	kwREGEXP
	kwRLIKE
	kwGLOB
	kwXOR
	kwDIV
	kwMOD
	kwSOUNDS
	kwMEMBER
	kwAGAINST
	kwMATCH
	kwBINARY
	kwCHARACTER
	kwCURRENT_DATE
	kwCURRENT_TIME
	kwCURRENT_TIMESTAMP
	kwLOCALTIME
	kwLOCALTIMESTAMP
	kwCURRENT_USER
	kwSESSION_USER
	kwCURRENT_ROLE
	kwCURRENT_SCHEMA
	kwCURRENT_CATALOG
	kwSYSTEM_USER
	kwUSER
	kwUTC_DATE
	kwUTC_TIME
	kwUTC_TIMESTAMP
	kwSQL_CALC_FOUND_ROWS
	kwTEMP
	kwTEMPORARY
	kwOVERRIDING
	kwLOW_PRIORITY
	kwHIGH_PRIORITY
	kwDELAYED
	kwQUICK
	kwIDENTITY
	kwWORK
	kwTRANSACTION
	kwNO
	kwGLOBAL
	kwLOCAL
	kwUNIQUE
	kwLOCKED
	numKw
)

var kwNames = [numKw]string{
	kwSELECT:              "SELECT",
	kwWITH:                "WITH",
	kwVALUES:              "VALUES",
	kwTABLE:               "TABLE",
	kwINSERT:              "INSERT",
	kwUPDATE:              "UPDATE",
	kwDELETE:              "DELETE",
	kwREPLACE:             "REPLACE",
	kwMERGE:               "MERGE",
	kwTRUNCATE:            "TRUNCATE",
	kwCREATE:              "CREATE",
	kwALTER:               "ALTER",
	kwDROP:                "DROP",
	kwRENAME:              "RENAME",
	kwCOPY:                "COPY",
	kwLOAD:                "LOAD",
	kwBEGIN:               "BEGIN",
	kwSTART:               "START",
	kwCOMMIT:              "COMMIT",
	kwEND:                 "END",
	kwROLLBACK:            "ROLLBACK",
	kwABORT:               "ABORT",
	kwSAVEPOINT:           "SAVEPOINT",
	kwRELEASE:             "RELEASE",
	kwSET:                 "SET",
	kwSHOW:                "SHOW",
	kwDESCRIBE:            "DESCRIBE",
	kwDESC:                "DESC",
	kwEXPLAIN:             "EXPLAIN",
	kwCALL:                "CALL",
	kwEXECUTE:             "EXECUTE",
	kwEXEC:                "EXEC",
	kwDO:                  "DO",
	kwPREPARE:             "PREPARE",
	kwDEALLOCATE:          "DEALLOCATE",
	kwUSE:                 "USE",
	kwPRAGMA:              "PRAGMA",
	kwLOCK:                "LOCK",
	kwUNLOCK:              "UNLOCK",
	kwFROM:                "FROM",
	kwWHERE:               "WHERE",
	kwGROUP:               "GROUP",
	kwBY:                  "BY",
	kwHAVING:              "HAVING",
	kwWINDOW:              "WINDOW",
	kwORDER:               "ORDER",
	kwLIMIT:               "LIMIT",
	kwOFFSET:              "OFFSET",
	kwFETCH:               "FETCH",
	kwFOR:                 "FOR",
	kwUNION:               "UNION",
	kwINTERSECT:           "INTERSECT",
	kwEXCEPT:              "EXCEPT",
	kwMINUS:               "MINUS",
	kwINTO:                "INTO",
	kwRETURNING:           "RETURNING",
	kwON:                  "ON",
	kwUSING:               "USING",
	kwJOIN:                "JOIN",
	kwINNER:               "INNER",
	kwLEFT:                "LEFT",
	kwRIGHT:               "RIGHT",
	kwFULL:                "FULL",
	kwOUTER:               "OUTER",
	kwCROSS:               "CROSS",
	kwNATURAL:             "NATURAL",
	kwSTRAIGHT_JOIN:       "STRAIGHT_JOIN",
	kwLATERAL:             "LATERAL",
	kwONLY:                "ONLY",
	kwAS:                  "AS",
	kwALL:                 "ALL",
	kwDISTINCT:            "DISTINCT",
	kwDISTINCTROW:         "DISTINCTROW",
	kwRECURSIVE:           "RECURSIVE",
	kwNOT:                 "NOT",
	kwMATERIALIZED:        "MATERIALIZED",
	kwSHARE:               "SHARE",
	kwMODE:                "MODE",
	kwIN:                  "IN",
	kwEXISTS:              "EXISTS",
	kwANY:                 "ANY",
	kwSOME:                "SOME",
	kwOR:                  "OR",
	kwAND:                 "AND",
	kwIS:                  "IS",
	kwNULL:                "NULL",
	kwTRUE:                "TRUE",
	kwFALSE:               "FALSE",
	kwDEFAULT:             "DEFAULT",
	kwCASE:                "CASE",
	kwWHEN:                "WHEN",
	kwTHEN:                "THEN",
	kwELSE:                "ELSE",
	kwOVER:                "OVER",
	kwFILTER:              "FILTER",
	kwARRAY:               "ARRAY",
	kwROW:                 "ROW",
	kwWITHIN:              "WITHIN",
	kwBETWEEN:             "BETWEEN",
	kwLIKE:                "LIKE",
	kwILIKE:               "ILIKE",
	kwSIMILAR:             "SIMILAR",
	kwESCAPE:              "ESCAPE",
	kwCONFLICT:            "CONFLICT",
	kwNOTHING:             "NOTHING",
	kwDUPLICATE:           "DUPLICATE",
	kwKEY:                 "KEY",
	kwIGNORE:              "IGNORE",
	kwOF:                  "OF",
	kwNOWAIT:              "NOWAIT",
	kwSKIP:                "SKIP",
	kwTABLESAMPLE:         "TABLESAMPLE",
	kwPARTITION:           "PARTITION",
	kwFORCE:               "FORCE",
	kwINDEX:               "INDEX",
	kwINDEXED:             "INDEXED",
	kwCAST:                "CAST",
	kwINTERVAL:            "INTERVAL",
	kwOPERATOR:            "OPERATOR",
	kwCOLLATE:             "COLLATE",
	kwAT:                  "AT",
	kwZONE:                "ZONE",
	kwTIME:                "TIME",
	kwWITHOUT:             "WITHOUT",
	kwPRECISION:           "PRECISION",
	kwVARYING:             "VARYING",
	kwUNSIGNED:            "UNSIGNED",
	kwSIGNED:              "SIGNED",
	kwROWS:                "ROWS",
	kwRANGE:               "RANGE",
	kwGROUPS:              "GROUPS",
	kwSETS:                "SETS",
	kwROLLUP:              "ROLLUP",
	kwCUBE:                "CUBE",
	kwCURRENT:             "CURRENT",
	kwUNBOUNDED:           "UNBOUNDED",
	kwPRECEDING:           "PRECEDING",
	kwFOLLOWING:           "FOLLOWING",
	kwEXCLUDE:             "EXCLUDE",
	kwASC:                 "ASC",
	kwNULLS:               "NULLS",
	kwFIRST:               "FIRST",
	kwLAST:                "LAST",
	kwNEXT:                "NEXT",
	kwORDINALITY:          "ORDINALITY",
	kwREPEATABLE:          "REPEATABLE",
	kwMATCHED:             "MATCHED",
	kwDUAL:                "DUAL",
	kwVALUE:               "VALUE",
	kwTO:                  "TO",
	kwIF:                  "IF",
	kwWHILE:               "WHILE",
	kwREGEXP:              "REGEXP",
	kwRLIKE:               "RLIKE",
	kwGLOB:                "GLOB",
	kwXOR:                 "XOR",
	kwDIV:                 "DIV",
	kwMOD:                 "MOD",
	kwSOUNDS:              "SOUNDS",
	kwMEMBER:              "MEMBER",
	kwAGAINST:             "AGAINST",
	kwMATCH:               "MATCH",
	kwBINARY:              "BINARY",
	kwCHARACTER:           "CHARACTER",
	kwCURRENT_DATE:        "CURRENT_DATE",
	kwCURRENT_TIME:        "CURRENT_TIME",
	kwCURRENT_TIMESTAMP:   "CURRENT_TIMESTAMP",
	kwLOCALTIME:           "LOCALTIME",
	kwLOCALTIMESTAMP:      "LOCALTIMESTAMP",
	kwCURRENT_USER:        "CURRENT_USER",
	kwSESSION_USER:        "SESSION_USER",
	kwCURRENT_ROLE:        "CURRENT_ROLE",
	kwCURRENT_SCHEMA:      "CURRENT_SCHEMA",
	kwCURRENT_CATALOG:     "CURRENT_CATALOG",
	kwSYSTEM_USER:         "SYSTEM_USER",
	kwUSER:                "USER",
	kwUTC_DATE:            "UTC_DATE",
	kwUTC_TIME:            "UTC_TIME",
	kwUTC_TIMESTAMP:       "UTC_TIMESTAMP",
	kwSQL_CALC_FOUND_ROWS: "SQL_CALC_FOUND_ROWS",
	kwTEMP:                "TEMP",
	kwTEMPORARY:           "TEMPORARY",
	kwOVERRIDING:          "OVERRIDING",
	kwLOW_PRIORITY:        "LOW_PRIORITY",
	kwHIGH_PRIORITY:       "HIGH_PRIORITY",
	kwDELAYED:             "DELAYED",
	kwQUICK:               "QUICK",
	kwIDENTITY:            "IDENTITY",
	kwWORK:                "WORK",
	kwTRANSACTION:         "TRANSACTION",
	kwNO:                  "NO",
	kwGLOBAL:              "GLOBAL",
	kwLOCAL:               "LOCAL",
	kwUNIQUE:              "UNIQUE",
	kwLOCKED:              "LOCKED",
}
