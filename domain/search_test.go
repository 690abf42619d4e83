package domain

import "testing"

func TestFoldSearch(t *testing.T) {
	tests := map[string]string{
		"Zürich":               "zurich",
		"MÜLLER":               "muller",
		"São Paulo":            "sao paulo",
		"Großbeerenstraße":     "grossbeerenstrasse",
		"Øresund Æble":         "oresund aeble",
		"Łódź":                 "lodz",
		"Dvořák Œuvre":         "dvorak oeuvre",
		"İstanbul":             "istanbul",
		"Reykjavík Þór":        "reykjavik thor",
		"plain ascii 123":      "plain ascii 123",
		"Ōsaka":                "osaka",
		"anna@mueller.example": "anna@mueller.example",
	}
	for in, want := range tests {
		if got := FoldSearch(in); got != want {
			t.Errorf("FoldSearch(%q) = %q, want %q", in, got, want)
		}
	}
}
