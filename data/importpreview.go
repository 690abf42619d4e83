package data

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"

	"clientbook/domain"
)

func (s *importService) Columns(entity string) ([]domain.ImportColumn, error) {
	ent, err := domain.FindImportEntity(entity)
	if err != nil {
		return nil, err
	}
	var out []domain.ImportColumn
	for _, file := range []string{ent.Name, ent.Details} {
		if file == "" {
			continue
		}
		exp, err := findExport(file)
		if err != nil {
			return nil, err
		}
		for _, c := range exp.cols {
			out = append(out, domain.ImportColumn{File: file, Name: c.name, Description: c.desc,
				Required: slices.Contains(requiredColumns[file], c.name)})
		}
	}
	return out, nil
}

func (s *importService) Preview(file string, r io.Reader, opt domain.ImportOptions, n int) (domain.ImportPreview, error) {
	if err := opt.Validate(); err != nil {
		return domain.ImportPreview{}, err
	}
	known := false
	for _, e := range domain.ImportEntities {
		known = known || e.Name == file || e.Details == file
	}
	exp, err := findExport(file)
	if err != nil || !known {
		return domain.ImportPreview{}, domain.Errorf(domain.EINVALID, "There is no import file called %q.", file)
	}
	if err := checkMapping(opt.Mapping, []string{file}); err != nil {
		return domain.ImportPreview{}, err
	}
	p := domain.ImportPreview{File: file}
	for _, c := range exp.cols {
		p.Columns = append(p.Columns, c.name)
	}
	cr := NewCSVReaderSkipping(r, opt.Format.Comma(), opt.Skip)
	header, problem, err := readHeader(cr, file, opt.Format.Comma())
	if err != nil {
		return p, err
	}
	p.Header = header
	if problem != "" {
		p.Problems = append(p.Problems, domain.RowProblem{Entity: file, Message: problem})
		return p, nil
	}
	t := &table{entity: file, cols: map[string]int{}}
	p.Problems = mapColumns(t, exp, header, opt.Mapping, false)
	p.Ignored = ignoredColumns(t, header)
	for row := 1; len(p.Rows) < n; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			p.Problems = append(p.Problems, domain.RowProblem{Entity: file, Row: row,
				Message: fmt.Sprintf("the row is not valid CSV (%v); nothing after it was read", pe.Err)})
			break
		}
		if err != nil {
			return p, domain.Errorf(domain.EINVALID, "Cannot read the %s file: %v.", file, err)
		}
		if blank(rec) {
			continue
		}
		cells := make([]string, len(p.Columns))
		for i, c := range p.Columns {
			if j, ok := t.cols[c]; ok && j < len(rec) {
				cells[i] = rec[j]
			}
		}
		p.Rows = append(p.Rows, cells)
		p.RowNumbers = append(p.RowNumbers, row)
	}
	return p, nil
}
