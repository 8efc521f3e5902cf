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

// kwTable is an open-addressing hash table of the keywords, keyed by
// kwHash of the word; kwFold holds each keyword with every byte ORed with
// 0x20, which folds ASCII letters to lower case and maps the other bytes of
// an unquoted identifier (digits, _, $) to distinct values.
const (
	kwTableBits = 10
	kwTableSize = 1 << kwTableBits
)

// kwMul is the multiplier of the keyword hash h = h*kwMul + (c|0x20) that
// word computes as it scans.
const kwMul = 31

var kwTable, kwFold = func() (t [kwTableSize]kw, f [numKw]string) {
	for k := kw(1); k < numKw; k++ {
		b := []byte(kwNames[k])
		var h uint32
		for i := range b {
			b[i] |= 0x20
			h = h*kwMul + uint32(b[i])
		}
		f[k] = string(b)
		i := kwSlot(h)
		for t[i] != kwNone {
			i = (i + 1) & (kwTableSize - 1)
		}
		t[i] = k
	}
	return t, f
}()

// kwSlot is the first slot of kwTable for hash h.
func kwSlot(h uint32) uint32 { return (h * 0x9E3779B1) >> (32 - kwTableBits) }

// kwHash returns the hash word computes for w.
func kwHash(w string) uint32 {
	var h uint32
	for i := 0; i < len(w); i++ {
		h = h*kwMul + uint32(w[i]|0x20)
	}
	return h
}

// lookupKwHash returns the keyword an unquoted ASCII word spells, or
// kwNone; h is kwHash(w).
func lookupKwHash(w string, h uint32) kw {
	if len(w) < 2 || len(w) > 24 {
		return kwNone
	}
	for i := kwSlot(h); ; i = (i + 1) & (kwTableSize - 1) {
		k := kwTable[i]
		if k == kwNone {
			return kwNone
		}
		if f := kwFold[k]; len(f) == len(w) && eqFoldLower(w, f) {
			return k
		}
	}
}

// eqFoldLower reports whether w, with every byte ORed with 0x20, equals f
// (of the same length).
func eqFoldLower(w, f string) bool {
	for i := 0; i < len(w) && i < len(f); i++ {
		if w[i]|0x20 != f[i] {
			return false
		}
	}
	return true
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
