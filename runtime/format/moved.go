// This file keeps the names that moved to record for the compiler alone,
// until it imports record itself (issue 10); nothing in runtime uses them.

package format

import "github.com/godtrace/godtrace/record"

// Aggregating functions: record's.
type Func = record.Func

const (
	FuncCount      = record.FuncCount
	FuncSum        = record.FuncSum
	FuncAvg        = record.FuncAvg
	FuncMin        = record.FuncMin
	FuncMax        = record.FuncMax
	FuncStddev     = record.FuncStddev
	FuncQuantize   = record.FuncQuantize
	FuncLQuantize  = record.FuncLQuantize
	FuncLLQuantize = record.FuncLLQuantize
)

// Bucket layouts: record's.
const (
	QuantizeBuckets    = record.QuantizeBuckets
	QuantizeZeroBucket = record.QuantizeZeroBucket
)

var (
	QuantizeBucket      = record.QuantizeBucket
	QuantizeBucketValue = record.QuantizeBucketValue
	LQuantizeLevels     = record.LQuantizeLevels
	LQuantizeBucket     = record.LQuantizeBucket
	LLQuantizeBucket    = record.LLQuantizeBucket
	LLQuantizeBuckets   = record.LLQuantizeBuckets
)

// print() types: record's.
type (
	PKind       = record.PKind
	PType       = record.PType
	PMember     = record.PMember
	PEnumerator = record.PEnumerator
)

const (
	PInt     = record.PInt
	PFloat   = record.PFloat
	PPointer = record.PPointer
	PArray   = record.PArray
	PFunc    = record.PFunc
	PStruct  = record.PStruct
	PUnion   = record.PUnion
	PEnum    = record.PEnum
	PForward = record.PForward
	PTypedef = record.PTypedef
)
