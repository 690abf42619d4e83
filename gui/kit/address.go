package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
)

// AddressInput is a postal address in a record form: street, second line,
// postal code, city, region and country, each an input of the form's
// Edits with its message at the field prefix.line1, prefix.city, …
type AddressInput struct {
	Line1, Line2, City, Region, Postal, Country *widget.Entry
	object                                      fyne.CanvasObject
}

// Address makes the address inputs of the form e; their messages go to the
// fields named prefix.line1 … prefix.country, as the domain names them.
func (e *Edits) Address(prefix string) *AddressInput {
	a := &AddressInput{Line1: e.Entry("Street and number"), Line2: e.Entry("Building, floor (optional)"),
		City: e.Entry("City"), Region: e.Entry("State or region"), Postal: e.Entry("Postal code"), Country: e.Entry("Country")}
	field := func(key, label string, in fyne.CanvasObject) fyne.CanvasObject {
		return e.Field(prefix+"."+key, label, in)
	}
	two := func(a, b fyne.CanvasObject) fyne.CanvasObject { return container.NewGridWithColumns(2, a, b) }
	a.object = container.NewVBox(
		field("line1", "Street", a.Line1),
		field("line2", "Address line 2", a.Line2),
		two(field("postalCode", "Postal code", a.Postal), field("city", "City", a.City)),
		two(field("region", "Region", a.Region), field("country", "Country", a.Country)))
	return a
}

// Object is the inputs' layout: the street and second line, then postal
// code beside city and region beside country.
func (a *AddressInput) Object() fyne.CanvasObject { return a.object }

// texts ties the inputs to ad's fields.
func (a *AddressInput) texts(ad *domain.Address) Texts {
	return Texts{Tie(a.Line1, &ad.Line1), Tie(a.Line2, &ad.Line2), Tie(a.City, &ad.City), Tie(a.Region, &ad.Region),
		Tie(a.Postal, &ad.PostalCode), Tie(a.Country, &ad.Country)}
}

// Set shows ad.
func (a *AddressInput) Set(ad domain.Address) { a.texts(&ad).Show() }

// Address is the address as typed.
func (a *AddressInput) Address() (ad domain.Address) {
	a.texts(&ad).Read()
	return ad
}
