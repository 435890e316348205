package cycle

import (
	"fmt"
	"math"
	"sort"

	"commune"
	"commune/plan"
	"commune/sparse"
)

// CouncilID is a council's id in the council domain.
type CouncilID int64

// Need is a need a neighbourhood council adopted for the period.
type Need struct {
	Council  CouncilID `json:"council"`
	Product  string    `json:"product"`
	Quantity float64   `json:"quantity"`
	Priority int       `json:"priority"` // 1 is the most urgent
}

// Use is one input of a process per unit of its activity: a product, or
// a resource other than labour (machine time, land).
type Use struct {
	Item     string  `json:"item"`
	Quantity float64 `json:"quantity"`
}

// Process is a technique a workplace council published: per unit of
// activity it makes Output units of Product with Labour hours of its
// members' work and Uses; at most Capacity units of activity can run
// (0: no limit besides the hours offered).
type Process struct {
	Workplace CouncilID `json:"workplace"`
	ID        string    `json:"id"`
	Product   string    `json:"product"`
	Output    float64   `json:"output"`
	Labour    float64   `json:"labour"`
	Capacity  float64   `json:"capacity,omitempty"`
	Uses      []Use     `json:"uses,omitempty"`
}

// Offer is the hours a workplace's members offer to work in the period.
type Offer struct {
	Workplace CouncilID `json:"workplace"`
	Hours     float64   `json:"hours"`
}

// Resource is something not produced in the period and shared by the
// federation (machine time of existing equipment, land), with the units
// available.
type Resource struct {
	ID        string  `json:"id"`
	Unit      string  `json:"unit"`
	Available float64 `json:"available"`
}

// Submissions is everything the councils beneath a federated council
// submitted for one period.
type Submissions struct {
	Needs     []Need     `json:"needs"`
	Processes []Process  `json:"processes"`
	Offers    []Offer    `json:"offers"`
	Resources []Resource `json:"resources,omitempty"`
}

// hoursID is the resource id of a workplace's offered hours.
func hoursID(w CouncilID) string { return fmt.Sprintf("hours:%d", w) }

// Model is the economy built from the submissions, with the maps back to
// councils that the targets and allocations need.
type Model struct {
	Tech      *plan.Techniques
	products  map[string]int
	workplace []CouncilID // per process
	needs     []Need
}

func invalid(format string, args ...any) error {
	return commune.Errorf(commune.EINVALID, "bad_submission", format, args...)
}

// Build checks the submissions and builds the multi-technique economy:
// every product named by a need, a process or a use; the resources
// (labour, each workplace's offered hours scaled by labourScale, and the
// shared resources); one process per submitted process, using the
// federation's labour (which the plan minimises) and its workplace's
// hours. labourScale below 1 asks for a shorter working week.
func Build(s Submissions, labourScale float64) (*Model, error) {
	if !(labourScale > 0) || math.IsInf(labourScale, 0) {
		return nil, invalid("labour scale must be positive, got %v", labourScale)
	}
	m := &Model{products: map[string]int{}}
	resources := map[string]int{}
	var res []plan.Resource
	addRes := func(r plan.Resource) {
		resources[r.ID] = len(res)
		res = append(res, r)
	}
	addRes(plan.Resource{ID: plan.LabourID, Unit: "hour", Available: math.Inf(1)})
	for _, r := range s.Resources {
		if _, dup := resources[r.ID]; dup || r.ID == "" {
			return nil, invalid("resource %q is empty or named twice", r.ID)
		}
		if !(r.Available >= 0) {
			return nil, invalid("resource %q: availability must be zero or more", r.ID)
		}
		addRes(plan.Resource{ID: r.ID, Unit: r.Unit, Available: r.Available})
	}
	offered := map[CouncilID]float64{}
	for _, o := range s.Offers {
		if !(o.Hours >= 0) || math.IsInf(o.Hours, 0) {
			return nil, invalid("workplace %d offers %v hours", o.Workplace, o.Hours)
		}
		offered[o.Workplace] += o.Hours
	}
	workplaces := make([]CouncilID, 0, len(offered))
	for w := range offered {
		workplaces = append(workplaces, w)
	}
	sort.Slice(workplaces, func(i, j int) bool { return workplaces[i] < workplaces[j] })
	for _, w := range workplaces {
		addRes(plan.Resource{ID: hoursID(w), Unit: "hour", Available: offered[w] * labourScale})
	}
	product := func(id string) int {
		if i, ok := m.products[id]; ok {
			return i
		}
		m.products[id] = len(m.products)
		return m.products[id]
	}
	seen := map[string]bool{}
	for _, p := range s.Processes {
		if p.ID == "" || seen[p.ID] {
			return nil, invalid("process id %q is empty or used twice", p.ID)
		}
		seen[p.ID] = true
		if !(p.Output > 0) || !(p.Labour >= 0) || !(p.Capacity >= 0) || math.IsInf(p.Output+p.Labour, 0) {
			return nil, invalid("process %q: output must be positive, labour and capacity zero or more", p.ID)
		}
		if _, ok := offered[p.Workplace]; !ok {
			return nil, invalid("process %q: workplace %d offered no hours", p.ID, p.Workplace)
		}
		product(p.Product)
		for _, u := range p.Uses {
			if !(u.Quantity >= 0) || math.IsInf(u.Quantity, 0) {
				return nil, invalid("process %q: use of %q must be zero or more", p.ID, u.Item)
			}
			if _, isRes := resources[u.Item]; !isRes {
				product(u.Item)
			}
		}
	}
	for _, n := range s.Needs {
		if !(n.Quantity >= 0) || math.IsInf(n.Quantity, 0) || n.Priority < 1 {
			return nil, invalid("need of council %d for %q: quantity must be zero or more and priority at least 1", n.Council, n.Product)
		}
		if _, ok := m.products[n.Product]; !ok {
			return nil, invalid("need of council %d for %q: no workplace makes it", n.Council, n.Product)
		}
	}
	// The engine meets each product's need at one priority. A product
	// needed at several priorities gets, per priority, a virtual product
	// "id@priority" made by a delivery process that turns one unit of the
	// product into one unit of it, with no labour: the plan ray then
	// treats each priority's share separately, exactly.
	type nk struct {
		product  string
		priority int
	}
	qty := map[nk]float64{}
	prios := map[string][]int{}
	for _, n := range s.Needs {
		k := nk{n.Product, n.Priority}
		if _, ok := qty[k]; !ok {
			prios[n.Product] = append(prios[n.Product], n.Priority)
		}
		qty[k] += n.Quantity
	}
	var keys []nk
	for k := range qty {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].product != keys[j].product {
			return keys[i].product < keys[j].product
		}
		return keys[i].priority < keys[j].priority
	})
	type delivery struct{ from, to int }
	var deliveries []delivery
	needs := make([]plan.Need, 0, len(keys))
	for _, k := range keys {
		i := m.products[k.product]
		if len(prios[k.product]) > 1 {
			v := product(fmt.Sprintf("%s@%d", k.product, k.priority))
			deliveries = append(deliveries, delivery{i, v})
			i = v
		}
		needs = append(needs, plan.Need{Product: i, Quantity: qty[k], Priority: k.priority})
	}
	np := len(m.products)
	products := make([]plan.Product, np)
	for id, i := range m.products {
		products[i] = plan.Product{ID: id, Unit: "unit"}
	}
	nproc := len(s.Processes) + len(deliveries)
	procs := make([]plan.Process, 0, nproc)
	pu := &sparse.CSC{Rows: np, Cols: nproc, ColPtr: make([]int64, nproc+1)}
	ru := &sparse.CSC{Rows: len(res), Cols: nproc, ColPtr: make([]int64, nproc+1)}
	m.workplace = make([]CouncilID, nproc)
	for j, p := range s.Processes {
		capacity := math.Inf(1)
		if p.Capacity > 0 {
			capacity = p.Capacity
		}
		procs = append(procs, plan.Process{ID: p.ID, Product: m.products[p.Product], Output: p.Output, Capacity: capacity})
		m.workplace[j] = p.Workplace
		// Sum repeated items, then append in row order.
		prod, rsrc := map[int]float64{}, map[int]float64{}
		for _, u := range p.Uses {
			if r, ok := resources[u.Item]; ok && u.Item != plan.LabourID {
				rsrc[r] += u.Quantity
			} else if ok {
				return nil, invalid("process %q: give labour in the labour column, not as a use", p.ID)
			} else {
				prod[m.products[u.Item]] += u.Quantity
			}
		}
		rsrc[resources[plan.LabourID]] += p.Labour
		rsrc[resources[hoursID(p.Workplace)]] += p.Labour
		appendColumn(pu, j, prod)
		appendColumn(ru, j, rsrc)
	}
	for d, dl := range deliveries {
		j := len(s.Processes) + d
		procs = append(procs, plan.Process{ID: "deliver:" + products[dl.to].ID, Product: dl.to, Output: 1, Capacity: math.Inf(1)})
		appendColumn(pu, j, map[int]float64{dl.from: 1})
		appendColumn(ru, j, nil)
	}
	m.needs = append([]Need(nil), s.Needs...)
	m.Tech = &plan.Techniques{Products: products, Resources: res, Processes: procs, ProductUse: pu, ResourceUse: ru, Needs: needs}
	return m, nil
}

// appendColumn writes column j of m from a row → value map, rows ascending.
func appendColumn(m *sparse.CSC, j int, col map[int]float64) {
	rows := make([]int, 0, len(col))
	for r, v := range col {
		if v != 0 {
			rows = append(rows, r)
		}
	}
	sort.Ints(rows)
	for _, r := range rows {
		m.RowInd = append(m.RowInd, int32(r))
		m.Val = append(m.Val, col[r])
	}
	m.ColPtr[j+1] = int64(len(m.Val))
}
