package widgets

import (
	"strings"

	"fyne.io/fyne/v2/widget"

	"clientbook/domain/money"
)

// NewCurrencyEntry is an entry for a currency code that offers every
// currency as "EUR — Euro"; CurrencyCode reads the code back from it.
func NewCurrencyEntry() *widget.SelectEntry {
	var options []string
	for _, c := range money.Currencies() {
		options = append(options, c.Code+" — "+c.Name)
	}
	return widget.NewSelectEntry(options)
}

// CurrencyCode is the code at the start of a currency option or typed text.
func CurrencyCode(text string) string {
	code, _, _ := strings.Cut(strings.TrimSpace(text), " ")
	return strings.ToUpper(code)
}
