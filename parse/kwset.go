package parse

// kwset is a set of keywords.
type kwset [4]uint64

// kwset must hold every keyword.
var _ = [1]struct{}{}[numKw>>8]

func mkset(ks ...kw) kwset {
	var s kwset
	for _, k := range ks {
		s[k>>6] |= 1 << (k & 63)
	}
	return s
}

func (s *kwset) has(k kw) bool { return s[k>>6]&(1<<(k&63)) != 0 }

func union(a, b kwset) kwset {
	return kwset{a[0] | b[0], a[1] | b[1], a[2] | b[2], a[3] | b[3]}
}

// kwTable is an open-addressing hash table of the keywords, keyed by an
// FNV-1a hash of the upper-cased word.
const kwTableSize = 1024

var kwTable = func() (t [kwTableSize]kw) {
	for k := kw(1); k < numKw; k++ {
		h := kwHash(kwNames[k])
		for t[h&(kwTableSize-1)] != kwNone {
			h++
		}
		t[h&(kwTableSize-1)] = k
	}
	return t
}()

func kwHash(w string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		h = (h ^ uint32(c)) * 16777619
	}
	return h
}

// lookupKw returns the keyword an unquoted ASCII word spells, or kwNone.
func lookupKw(w string) kw {
	if len(w) < 2 || len(w) > 24 {
		return kwNone
	}
	h := kwHash(w)
	for {
		k := kwTable[h&(kwTableSize-1)]
		if k == kwNone {
			return kwNone
		}
		if eqFold(w, kwNames[k]) {
			return k
		}
		h++
	}
}

var (
	// noStops: inside parentheses only ')' ends an expression.
	noStops kwset
	// clauseStops end an expression at depth 0 of a statement.
	clauseStops = mkset(kwFROM, kwWHERE, kwGROUP, kwHAVING, kwWINDOW, kwORDER, kwLIMIT, kwOFFSET,
		kwFETCH, kwFOR, kwUNION, kwINTERSECT, kwEXCEPT, kwMINUS, kwINTO, kwRETURNING, kwON, kwLOCK)
	// joinStops end a join condition.
	joinStops = union(clauseStops, mkset(kwJOIN, kwINNER, kwLEFT, kwRIGHT, kwFULL, kwCROSS,
		kwNATURAL, kwSTRAIGHT_JOIN, kwUSING, kwSET))
	// mergeStops end a MERGE condition or action.
	mergeStops = union(clauseStops, mkset(kwWHEN, kwTHEN))
	caseStops  = mkset(kwEND)
	// notAlias may not be taken as a table alias written without AS.
	notAlias = union(joinStops, mkset(kwSET, kwVALUES, kwVALUE, kwSELECT, kwWITH, kwPARTITION,
		kwTABLESAMPLE, kwINDEXED, kwNOT, kwWHEN, kwDO, kwAS, kwOVERRIDING, kwDEFAULT, kwUSE,
		kwIGNORE, kwFORCE, kwTABLE))
	// nonFunc are keywords that may precede '(' without being a function.
	nonFunc = mkset(kwIN, kwEXISTS, kwANY, kwSOME, kwALL, kwON, kwUSING, kwAS, kwOVER, kwFILTER,
		kwARRAY, kwROW, kwAND, kwOR, kwNOT, kwWHEN, kwTHEN, kwELSE, kwBETWEEN, kwLIKE, kwILIKE,
		kwSIMILAR, kwESCAPE, kwDISTINCT, kwBY, kwSETS, kwWITHIN, kwGROUP, kwOPERATOR, kwINTERVAL,
		kwLATERAL, kwTABLE, kwSET, kwINTO, kwRETURNING, kwCOLLATE, kwAT, kwOF, kwFOR, kwTO, kwDO,
		kwIS, kwCASE, kwAGAINST, kwBINARY, kwROLLUP, kwCUBE, kwREGEXP, kwRLIKE, kwGLOB, kwXOR,
		kwDIV, kwMEMBER, kwSOUNDS, kwKEY, kwORDER, kwPARTITION, kwROWS, kwRANGE, kwGROUPS,
		kwWHERE, kwHAVING, kwFROM, kwSELECT, kwUNION, kwINTERSECT, kwEXCEPT, kwJOIN, kwUPDATE,
		kwDELETE, kwLIMIT, kwOFFSET, kwNULL, kwTRUE, kwFALSE, kwCHARACTER, kwWITH, kwEND,
		kwPRECEDING, kwFOLLOWING, kwCURRENT, kwUNBOUNDED, kwEXCLUDE, kwASC, kwDESC, kwNULLS,
		kwFIRST, kwLAST, kwCONFLICT, kwNOTHING, kwDUPLICATE, kwZONE)
	// funcCapable keywords are functions when followed by '(' (LEFT(s, 2)),
	// and clause words otherwise.
	funcCapable = mkset(kwLEFT, kwRIGHT, kwREPLACE, kwVALUES, kwIF, kwINSERT, kwMOD, kwTRUNCATE,
		kwDEFAULT, kwMATCH)
	// ndWords are keywords that, written bare, read the clock or the session.
	ndWords = mkset(kwCURRENT_DATE, kwCURRENT_TIME, kwCURRENT_TIMESTAMP, kwLOCALTIME,
		kwLOCALTIMESTAMP, kwCURRENT_USER, kwSESSION_USER, kwCURRENT_ROLE, kwCURRENT_SCHEMA,
		kwCURRENT_CATALOG, kwSYSTEM_USER, kwUTC_DATE, kwUTC_TIME, kwUTC_TIMESTAMP)
)
