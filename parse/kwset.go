package parse

// kwset is a set of keywords: 256 bits, one for each value of kw, a byte.
type kwset [4]uint64

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

// A word's key is its bytes ORed with 0x20, which folds ASCII letters to
// lower case and maps the other bytes of an unquoted identifier (digits, _,
// $) to distinct non-zero values, packed little-endian into three words and
// padded with zeros. Two words of up to 24 bytes have the same key exactly
// when they spell the same word in any case.
type kwKey [3]uint64

// kwTable is an open-addressing hash table of the keywords, indexed by
// kwSlot of their keys; kwKeys holds each keyword's key.
const (
	kwTableBits = 10
	kwTableSize = 1 << kwTableBits
)

var kwTable, kwKeys = func() (t [kwTableSize]kw, keys [numKw]kwKey) {
	for k := kw(1); k < numKw; k++ {
		name := kwNames[k]
		keys[k] = wordKey(name, 0, len(name))
		i := kwSlot(&keys[k])
		for t[i] != kwNone {
			i = (i + 1) & (kwTableSize - 1)
		}
		t[i] = k
	}
	return t, keys
}()

// kwSlot is the first slot of kwTable for key.
func kwSlot(key *kwKey) uint32 {
	return uint32(((key[0] + 31*key[1] + 17*key[2]) * 0x9E3779B97F4A7C15) >> (64 - kwTableBits))
}

// load8 returns the first 8 bytes of b, packed little-endian.
func load8(b string) uint64 {
	b = b[:8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// kwShort is an open-addressing hash table of the keywords of at most 8
// bytes, indexed by shortSlot of their first key word. An empty slot has
// v == 0, which no word's key is.
const kwShortBits = 9

type kwShortEntry struct {
	v uint64
	k kw
}

var kwShort = func() (t [1 << kwShortBits]kwShortEntry) {
	for k := kw(1); k < numKw; k++ {
		if len(kwNames[k]) > 8 {
			continue
		}
		v := kwKeys[k][0]
		i := shortSlot(v)
		for t[i].v != 0 {
			i = (i + 1) & (1<<kwShortBits - 1)
		}
		t[i] = kwShortEntry{v, k}
	}
	return t
}()

func shortSlot(v uint64) uint64 { return (v * 0x9E3779B97F4A7C15) >> (64 - kwShortBits) }

// shortKw returns the keyword of at most 8 bytes whose key is {v}, or
// kwNone.
func shortKw(v uint64) kw {
	i := shortSlot(v)
	if e := &kwShort[i]; e.v == v || e.v == 0 {
		return e.k
	}
	return shortKwProbe(v, i)
}

// shortKwProbe is shortKw past a first slot that holds another keyword.
func shortKwProbe(v, i uint64) kw {
	for {
		i = (i + 1) & (1<<kwShortBits - 1)
		if e := &kwShort[i]; e.v == v || e.v == 0 {
			return e.k
		}
	}
}

// shortKey returns the key word of the word s[i:i+n], 2 <= n <= 8, read
// with one load when the text has 8 bytes from i on; ok is false when it
// does not.
func shortKey(s string, i, n int) (v uint64, ok bool) {
	if i+8 > len(s) {
		return 0, false
	}
	v = load8(s[i:]) & (^uint64(0) >> (64 - 8*n))
	return v | 0x2020202020202020>>(64-8*n), true
}

// wordKw returns the keyword the unquoted ASCII word s[i:j] spells, or
// kwNone.
func wordKw(s string, i, j int) kw {
	if n := j - i; n >= 2 && n <= 8 {
		if v, ok := shortKey(s, i, n); ok {
			return shortKw(v)
		}
		if j >= 8 {
			// Read the 8 bytes that end the word.
			v := load8(s[j-8:])>>(64-8*n) | 0x2020202020202020>>(64-8*n)
			return shortKw(v)
		}
	}
	return lookupKw(s, i, j)
}

// foldChunk returns the bytes s[i:i+n] (1 <= n <= 8) ORed with 0x20, packed
// little-endian.
func foldChunk(s string, i, n int) uint64 {
	if i+8 <= len(s) {
		return (load8(s[i:]) | 0x2020202020202020) & (^uint64(0) >> (64 - 8*n))
	}
	var v uint64
	for k := n - 1; k >= 0; k-- {
		v = v<<8 | uint64(s[i+k]|0x20)
	}
	return v
}

// wordKey returns the key of the word s[i:j], which is at most 24 bytes.
func wordKey(s string, i, j int) kwKey {
	var key kwKey
	n := j - i
	key[0] = foldChunk(s, i, min(n, 8))
	if n > 8 {
		key[1] = foldChunk(s, i+8, min(n-8, 8))
		if n > 16 {
			key[2] = foldChunk(s, i+16, n-16)
		}
	}
	return key
}

// lookupKw returns the keyword the unquoted ASCII word s[i:j] spells, or
// kwNone.
func lookupKw(s string, i, j int) kw {
	if j-i < 2 || j-i > 24 {
		return kwNone
	}
	key := wordKey(s, i, j)
	for slot := kwSlot(&key); ; slot = (slot + 1) & (kwTableSize - 1) {
		k := kwTable[slot]
		if k == kwNone || kwKeys[k] == key {
			return k
		}
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
	// plainKw are the nonFunc keywords that keyword consumes alone,
	// without a case of their own.
	plainKw = func() kwset {
		s := nonFunc
		for _, k := range []kw{kwCASE, kwIS, kwAS, kwSELECT, kwNEXT, kwUSER, kwSQL_CALC_FOUND_ROWS,
			kwWITHIN, kwIN, kwVALUES} {
			s[k>>6] &^= 1 << (k & 63)
		}
		for i := range s {
			s[i] &^= ndWords[i]
		}
		return s
	}()
	// funcCapable keywords are functions when followed by '(' (LEFT(s, 2)),
	// and clause words otherwise.
	funcCapable = mkset(kwLEFT, kwRIGHT, kwREPLACE, kwVALUES, kwIF, kwINSERT, kwMOD, kwTRUNCATE,
		kwDEFAULT, kwMATCH)
	// ndWords are keywords that, written bare, read the clock or the session.
	ndWords = mkset(kwCURRENT_DATE, kwCURRENT_TIME, kwCURRENT_TIMESTAMP, kwLOCALTIME,
		kwLOCALTIMESTAMP, kwCURRENT_USER, kwSESSION_USER, kwCURRENT_ROLE, kwCURRENT_SCHEMA,
		kwCURRENT_CATALOG, kwSYSTEM_USER, kwUTC_DATE, kwUTC_TIME, kwUTC_TIMESTAMP)
)
