package einvoice

import (
	"bytes"
	"crypto/md5"
	"encoding/xml"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"clientbook/assets"
)

// PDFInfo is what a Factur-X PDF's document information and XMP metadata say.
type PDFInfo struct {
	Title, Author string
	Date          time.Time // when the document was made (issued)
}

// FacturX turns pdf, a PDF our renderer wrote, into a Factur-X / ZUGFeRD
// invoice of the EN 16931 profile: cii is embedded as the associated file
// factur-x.xml (AFRelationship Data), the catalog gains the XMP metadata
// that names the profile and declares PDF/A-3B, and an sRGB output intent
// (assets/icc). It is an incremental update: the original bytes are kept as
// they are and new objects, a new catalog and document information, and a
// cross-reference section with a trailer carrying /Info, /ID and /Prev are
// appended.
func FacturX(pdf, cii []byte, info PDFInfo) ([]byte, error) {
	old, err := readTrailer(pdf)
	if err != nil {
		return nil, err
	}
	catalog, err := objectBody(pdf, old.offsets, old.root)
	if err != nil {
		return nil, err
	}
	u := &update{buf: bytes.NewBuffer(append([]byte(nil), pdf...)), offsets: map[int]int{}}
	if !bytes.HasSuffix(pdf, []byte("\n")) {
		u.buf.WriteByte('\n')
	}
	next := old.size
	id := func() int { next++; return next - 1 }
	file, spec, icc, intent, meta, names := id(), id(), id(), id(), id(), id()
	info.Date = info.Date.UTC().Truncate(time.Second)
	pdfDate := "D:" + info.Date.Format("20060102150405") + "Z"

	u.stream(file, fmt.Sprintf("/Type /EmbeddedFile /Subtype /text#2Fxml /Params << /Size %d /ModDate (%s) >>", len(cii), pdfDate), cii)
	u.object(spec, "<< /Type /Filespec /F (factur-x.xml) /UF (factur-x.xml) /Desc (Factur-X invoice) /AFRelationship /Data "+
		fmt.Sprintf("/EF << /F %d 0 R /UF %d 0 R >> >>", file, file))
	u.stream(icc, "/N 3", assets.SRGBProfile)
	u.object(intent, fmt.Sprintf("<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1) "+
		"/Info (sRGB IEC61966-2.1) /RegistryName (http://www.color.org) /DestOutputProfile %d 0 R >>", icc))
	u.stream(meta, "/Type /Metadata /Subtype /XML", xmp(info))
	u.object(names, fmt.Sprintf("<< /Names [(factur-x.xml) %d 0 R] >>", spec))
	u.object(old.root, "<< "+strings.TrimSpace(withoutKey(catalog, "/Names"))+fmt.Sprintf(
		" /Version /1.7 /Names << /EmbeddedFiles %d 0 R >> /AF [%d 0 R] /Metadata %d 0 R /OutputIntents [%d 0 R] >>",
		names, spec, meta, intent))
	infoObj := old.info
	if infoObj == 0 {
		infoObj = id()
	}
	u.object(infoObj, fmt.Sprintf("<< /Title %s /Author %s /Creator (Clientbook) /Producer (Clientbook) /CreationDate (%s) /ModDate (%s) >>",
		textString(info.Title), textString(info.Author), pdfDate, pdfDate))

	sum := md5.Sum(append(append([]byte(nil), pdf...), cii...))
	xref := u.buf.Len()
	fmt.Fprintf(u.buf, "xref\n")
	nums := make([]int, 0, len(u.offsets))
	for n := range u.offsets {
		nums = append(nums, n)
	}
	slices.Sort(nums)
	for i := 0; i < len(nums); {
		j := i
		for j+1 < len(nums) && nums[j+1] == nums[j]+1 {
			j++
		}
		fmt.Fprintf(u.buf, "%d %d\n", nums[i], j-i+1)
		for k := i; k <= j; k++ {
			fmt.Fprintf(u.buf, "%010d 00000 n \n", u.offsets[nums[k]])
		}
		i = j + 1
	}
	fmt.Fprintf(u.buf, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%x> <%x>] /Prev %d >>\nstartxref\n%d\n%%%%EOF\n",
		next, old.root, infoObj, sum, sum, old.xref, xref)
	return u.buf.Bytes(), nil
}

// update appends objects to a PDF, remembering where each starts.
type update struct {
	buf     *bytes.Buffer
	offsets map[int]int
}

func (u *update) object(n int, body string) {
	u.offsets[n] = u.buf.Len()
	fmt.Fprintf(u.buf, "%d 0 obj\n%s\nendobj\n", n, body)
}

func (u *update) stream(n int, dict string, data []byte) {
	u.offsets[n] = u.buf.Len()
	fmt.Fprintf(u.buf, "%d 0 obj\n<< %s /Length %d >>\nstream\n", n, dict, len(data))
	u.buf.Write(data)
	u.buf.WriteString("\nendstream\nendobj\n")
}

// trailer is what the last cross-reference section of a PDF says.
type trailer struct {
	xref, size, root, info int
	offsets                map[int]int
}

var (
	startxrefRE = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	sizeRE      = regexp.MustCompile(`/Size\s+(\d+)`)
	rootRE      = regexp.MustCompile(`/Root\s+(\d+)\s+0\s+R`)
	infoRE      = regexp.MustCompile(`/Info\s+(\d+)\s+0\s+R`)
)

// readTrailer reads the classic cross-reference table and trailer our PDF
// writer ends a file with.
func readTrailer(pdf []byte) (trailer, error) {
	t := trailer{offsets: map[int]int{}}
	m := startxrefRE.FindSubmatch(pdf)
	if m == nil {
		return t, fmt.Errorf("the PDF has no startxref")
	}
	t.xref, _ = strconv.Atoi(string(m[1]))
	if t.xref >= len(pdf) || !bytes.HasPrefix(pdf[t.xref:], []byte("xref")) {
		return t, fmt.Errorf("the PDF's startxref does not point at a cross-reference table")
	}
	rest := pdf[t.xref+len("xref"):]
	end := bytes.Index(rest, []byte("trailer"))
	if end < 0 {
		return t, fmt.Errorf("the PDF has no trailer")
	}
	lines := strings.Fields(string(rest[:end]))
	for i := 0; i+1 < len(lines); {
		first, err1 := strconv.Atoi(lines[i])
		count, err2 := strconv.Atoi(lines[i+1])
		if err1 != nil || err2 != nil || i+2+3*count > len(lines) {
			return t, fmt.Errorf("the PDF's cross-reference table is not readable")
		}
		for k := 0; k < count; k++ {
			e := lines[i+2+3*k:]
			if e[2] == "n" {
				off, _ := strconv.Atoi(e[0])
				t.offsets[first+k] = off
			}
		}
		i += 2 + 3*count
	}
	dict := rest[end:]
	for _, f := range []struct {
		re  *regexp.Regexp
		dst *int
	}{{sizeRE, &t.size}, {rootRE, &t.root}, {infoRE, &t.info}} {
		if m := f.re.FindSubmatch(dict); m != nil {
			*f.dst, _ = strconv.Atoi(string(m[1]))
		}
	}
	if t.size == 0 || t.root == 0 {
		return t, fmt.Errorf("the PDF's trailer names no /Size or /Root")
	}
	return t, nil
}

// objectBody is the dictionary inside object n, without its << >>.
func objectBody(pdf []byte, offsets map[int]int, n int) (string, error) {
	off, ok := offsets[n]
	if !ok || off >= len(pdf) {
		return "", fmt.Errorf("the PDF has no object %d", n)
	}
	s := string(pdf[off:])
	end := strings.Index(s, "endobj")
	start := strings.Index(s, "<<")
	if end < 0 || start < 0 || start > end {
		return "", fmt.Errorf("object %d of the PDF is not a dictionary", n)
	}
	body := strings.TrimSpace(s[start:end])
	if !strings.HasSuffix(body, ">>") {
		return "", fmt.Errorf("object %d of the PDF is not a dictionary", n)
	}
	return body[2 : len(body)-2], nil
}

// withoutKey removes key and its value (a name, reference, array or
// dictionary) from the entries of a dictionary.
func withoutKey(dict, key string) string {
	i := strings.Index(dict, key)
	if i < 0 {
		return dict
	}
	j := i + len(key)
	for j < len(dict) && strings.ContainsRune(" \r\n\t", rune(dict[j])) {
		j++
	}
	depth := 0
	for ; j < len(dict); j++ {
		switch {
		case strings.HasPrefix(dict[j:], "<<") || dict[j] == '[':
			depth++
			if dict[j] == '<' {
				j++
			}
		case strings.HasPrefix(dict[j:], ">>") || dict[j] == ']':
			depth--
			if dict[j] == '>' {
				j++
			}
		case depth == 0 && dict[j] == '/' && j > i+len(key)+1:
			return dict[:i] + dict[j:]
		}
		if depth == 0 && (dict[j] == '>' || dict[j] == ']') {
			return dict[:i] + dict[j+1:]
		}
	}
	return dict[:i]
}

// textString is s as a PDF text string: UTF-16BE with its byte order mark, in hex.
func textString(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, r := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", r)
	}
	b.WriteString(">")
	return b.String()
}

// xmp is the document's XMP metadata: PDF/A-3B identification, the Dublin
// Core title and creator and the dates its document information repeats,
// and the Factur-X extension schema naming the embedded file and the EN
// 16931 profile.
func xmp(info PDFInfo) []byte {
	at := info.Date.Format("2006-01-02T15:04:05Z")
	esc := func(s string) string {
		var b bytes.Buffer
		_ = xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	return []byte(`<?xpacket begin="` + "\uFEFF" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + esc(info.Title) + `</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>` + esc(info.Author) + `</rdf:li></rdf:Seq></dc:creator>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>Clientbook</pdf:Producer>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <xmp:CreatorTool>Clientbook</xmp:CreatorTool>
   <xmp:CreateDate>` + at + `</xmp:CreateDate>
   <xmp:ModifyDate>` + at + `</xmp:ModifyDate>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
   <fx:DocumentType>INVOICE</fx:DocumentType>
   <fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>
   <fx:Version>1.0</fx:Version>
   <fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>fx</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>DocumentFileName</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>external</pdfaProperty:category>
         <pdfaProperty:description>The name of the embedded XML document</pdfaProperty:description>
        </rdf:li>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>DocumentType</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>external</pdfaProperty:category>
         <pdfaProperty:description>The type of the hybrid document in capital letters, e.g. INVOICE or ORDER</pdfaProperty:description>
        </rdf:li>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>Version</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>external</pdfaProperty:category>
         <pdfaProperty:description>The actual version of the standard applying to the embedded XML document</pdfaProperty:description>
        </rdf:li>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>ConformanceLevel</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>external</pdfaProperty:category>
         <pdfaProperty:description>The conformance level of the embedded XML document</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`)
}
