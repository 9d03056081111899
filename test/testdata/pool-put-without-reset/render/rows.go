package render

import "bytes"

// encodeRow empties the buffer before it writes one row into it.
func encodeRow(row []string, b *bytes.Buffer) []byte {
	b.Reset()
	for _, cell := range row {
		b.WriteString(cell)
		b.WriteByte(',')
	}
	return b.Bytes()
}

// Checksum writes only through encodeRow, which cleans the buffer before each use: the
// reset-first idiom, through a helper. Not a finding.
func Checksum(rows [][]string) uint32 {
	b := pagePool.Get().(*bytes.Buffer)
	defer pagePool.Put(b)
	var sum uint32
	for _, row := range rows {
		for _, c := range encodeRow(row, b) {
			sum += uint32(c)
		}
	}
	return sum
}

// appendRow writes after what the buffer already holds.
func appendRow(row []string, b *bytes.Buffer) {
	for _, cell := range row {
		b.WriteString(cell)
	}
}

// Dump writes through a helper that does not reset: the buffer goes back full.
func Dump(rows [][]string) string {
	b := pagePool.Get().(*bytes.Buffer)
	defer pagePool.Put(b) // want `b goes back to pagePool without Reset\(\)`
	for _, row := range rows {
		appendRow(row, b)
	}
	return b.String()
}
