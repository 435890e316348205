// Package plan is Commune's planning engine: the economic model (products,
// their direct labour and inputs, final needs, resources and alternative
// techniques), readers and writers of its CSV format, labour values
// (v = vA + l), gross outputs (x = Ax + d), the productivity check, and
// import of monetary input-output tables. It does no I/O of its own: the
// readers take an io.Reader or an fs.FS, the writers an io.Writer.
package plan

import (
	"math"

	"commune/sparse"
)

// Product is one good or service of the economy.
type Product struct {
	ID   string // unique, as in products.csv
	Unit string // the unit quantities of it are counted in
	Name string // optional human name
}

// Need is a final need for one product in the plan period (needs.csv).
type Need struct {
	Product  int     // index into Products
	Quantity float64 // units of the product
	Priority int     // 1 is the most urgent (the default)
}

// Resource is something not produced in the period: labour hours, machine
// time of existing equipment, land (resources.csv).
type Resource struct {
	ID        string
	Unit      string
	Available float64 // math.Inf(1) when not limited
}

// LabourID is the id of the labour resource. In the single-technique form
// labour is this resource; its availability comes from resources.csv or
// --labour-hours.
const LabourID = "labour"

// Economy is the single-technique form: every product is made by one
// method, with Labour[j] hours of direct labour and A's column j of inputs.
//
// A[i][j] is the number of units of product i used up (materials, energy,
// wear of equipment) to make one unit of product j: columns are the
// products made, rows the products used. So labour values solve
// v = vA + l (v_j = l_j + Σ_i v_i A_ij) and gross outputs solve x = Ax + d.
type Economy struct {
	Products  []Product
	Labour    []float64   // l: direct labour, hours per unit of each product
	A         *sparse.CSC // len(Products) × len(Products)
	Needs     []Need      // optional final needs d (at most one per product)
	Resources []Resource  // optional; "labour" among them limits labour hours
}

// Process is one technique (workplace or method) of the multi-technique
// form (processes.csv): one unit of activity yields Output units of
// Product; at most Capacity units of activity can run.
type Process struct {
	ID       string
	Product  int     // index into Techniques.Products
	Output   float64 // units of Product per unit of activity, > 0
	Capacity float64 // math.Inf(1) when not limited
}

// Techniques is the multi-technique form (processes.csv and uses.csv):
// several processes may make the same product, and processes use
// products and resources (labour among them) per unit of activity.
type Techniques struct {
	Products  []Product
	Resources []Resource
	Processes []Process
	// ProductUse[i][p] is the units of product i used per unit of
	// activity of process p: len(Products) × len(Processes).
	ProductUse *sparse.CSC
	// ResourceUse[r][p] is the units of resource r used per unit of
	// activity of process p: len(Resources) × len(Processes).
	ResourceUse *sparse.CSC
	Needs       []Need
}

// Need returns the final-need vector d (zero where nothing is needed).
func (e *Economy) Need() []float64 { return needVector(len(e.Products), e.Needs) }

// Need returns the final-need vector d of the multi-technique form.
func (t *Techniques) Need() []float64 { return needVector(len(t.Products), t.Needs) }

func needVector(n int, needs []Need) []float64 {
	d := make([]float64, n)
	for _, nd := range needs {
		d[nd.Product] += nd.Quantity
	}
	return d
}

// Resource returns the index of the resource with the given id, or -1.
func (e *Economy) Resource(id string) int { return resourceIndex(e.Resources, id) }

// Resource returns the index of the resource with the given id, or -1.
func (t *Techniques) Resource(id string) int { return resourceIndex(t.Resources, id) }

func resourceIndex(rs []Resource, id string) int {
	for i, r := range rs {
		if r.ID == id {
			return i
		}
	}
	return -1
}

// Techniques returns the multi-technique form of e: one process per
// product (with the product's id, output 1, unlimited capacity) using
// A's column as products and Labour as the resource "labour". The
// resource list is e.Resources, with "labour" appended (unlimited) when
// absent. The product matrix is shared with e, not copied.
func (e *Economy) Techniques() *Techniques {
	n := len(e.Products)
	t := &Techniques{
		Products:   e.Products,
		Resources:  append([]Resource(nil), e.Resources...),
		Processes:  make([]Process, n),
		ProductUse: e.A,
		Needs:      e.Needs,
	}
	lab := t.Resource(LabourID)
	if lab < 0 {
		lab = len(t.Resources)
		t.Resources = append(t.Resources, Resource{ID: LabourID, Unit: "hour", Available: math.Inf(1)})
	}
	for j := range e.Products {
		t.Processes[j] = Process{ID: e.Products[j].ID, Product: j, Output: 1, Capacity: math.Inf(1)}
	}
	ru := &sparse.CSC{Rows: len(t.Resources), Cols: n, ColPtr: make([]int64, n+1)}
	for j, l := range e.Labour {
		if l != 0 {
			ru.RowInd = append(ru.RowInd, int32(lab))
			ru.Val = append(ru.Val, l)
		}
		ru.ColPtr[j+1] = int64(len(ru.Val))
	}
	t.ResourceUse = ru
	return t
}
