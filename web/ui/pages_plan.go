package ui

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"sync"

	"commune/chart"
	"commune/i18n"
	"commune/plan"
)

// planView is the balanced plan of the economy, computed once.
type planView struct {
	t  *plan.Techniques
	bp *plan.BalancedPlan

	mu     sync.Mutex
	charts map[string]planCharts // by language
}

// planCharts are the plan page's charts in one language.
type planCharts struct {
	Fulfilment, Labour, Shadow template.HTML
}

// planData is the plan page.
type planData struct {
	Levels   []plan.Level
	Sectors  []sectorRow
	Limits   []limitRow
	Products []productRow
	Labour   float64
	Charts   planCharts
}

type sectorRow struct {
	Name   string
	Labour float64 // hours
}

type limitRow struct {
	ID, Unit        string
	Available, Used float64
	Limited         bool
	Binding         bool
	Shadow          float64 // hours of labour per unit
}

type productRow struct {
	Name, Unit       string
	Gross, Net, Need float64
	Fulfilment       float64
	HasNeed          bool
}

// loadPlan balances the plan of the configured economy on first use.
func (u *UI) loadPlan() (*planView, error) {
	u.planOnce.Do(func() {
		t, err := plan.ReadTechniques(u.opts.Economy)
		if err != nil {
			u.planErr = fmt.Errorf("plan page: %w", err)
			return
		}
		bp, err := plan.Balance(t, &plan.BalanceOptions{Threads: 1})
		if err != nil {
			u.planErr = fmt.Errorf("plan page: %w", err)
			return
		}
		u.plan = &planView{t: t, bp: bp, charts: map[string]planCharts{}}
	})
	return u.plan, u.planErr
}

// bindingTol is the share of a resource's availability within which the
// plan counts it as used up (a binding limit).
const bindingTol = 1e-4

func (pv *planView) data(L *i18n.Catalog) (planData, error) {
	t, bp := pv.t, pv.bp
	d := planData{Levels: bp.Levels, Labour: bp.Labour}
	lab := t.Resource(plan.LabourID)
	byProduct := make([]float64, len(t.Products))
	if lab >= 0 {
		for p, proc := range t.Processes {
			byProduct[proc.Product] += t.ResourceUse.At(lab, p) * bp.Activity[p]
		}
	}
	for i, pr := range t.Products {
		name := pr.Name
		if name == "" {
			name = pr.ID
		}
		d.Sectors = append(d.Sectors, sectorRow{Name: name, Labour: byProduct[i]})
		row := productRow{Name: name, Unit: pr.Unit, Gross: bp.Gross[i], Net: bp.Net[i], Need: bp.Need[i]}
		if !math.IsNaN(bp.Fulfilment[i]) {
			row.HasNeed, row.Fulfilment = true, bp.Fulfilment[i]
		}
		d.Products = append(d.Products, row)
	}
	for r, res := range t.Resources {
		row := limitRow{ID: res.ID, Unit: res.Unit, Available: res.Available, Used: bp.Used[r], Shadow: bp.ShadowPrice[r],
			Limited: !math.IsInf(res.Available, 1)}
		row.Binding = row.Limited && bp.Used[r] >= res.Available*(1-bindingTol)
		d.Limits = append(d.Limits, row)
	}
	pv.mu.Lock()
	defer pv.mu.Unlock()
	c, ok := pv.charts[L.Tag]
	if !ok {
		var err error
		if c, err = drawPlanCharts(L, d); err != nil {
			return d, err
		}
		pv.charts[L.Tag] = c
	}
	d.Charts = c
	return d, nil
}

// drawPlanCharts draws the three charts with titles in L's language.
func drawPlanCharts(L *i18n.Catalog, d planData) (planCharts, error) {
	var c planCharts
	var bars []chart.Bar
	for _, lv := range d.Levels {
		bars = append(bars, chart.Bar{Label: L.T("plan.priority", "n", L.Int(int64(lv.Priority))), Value: 100 * lv.Fulfilment})
	}
	var err error
	if len(bars) > 0 {
		c.Fulfilment, err = chart.HorizontalBars(chart.Spec{Title: L.T("plan.chart.fulfilment"), Desc: L.T("plan.chart.fulfilment_desc"),
			Axis: L.T("plan.axis.percent"), Max: 100}, bars)
		if err != nil {
			return c, err
		}
	}
	bars = bars[:0]
	for _, s := range d.Sectors {
		bars = append(bars, chart.Bar{Label: s.Name, Value: s.Labour})
	}
	if len(bars) > 0 {
		c.Labour, err = chart.HorizontalBars(chart.Spec{Title: L.T("plan.chart.labour"), Desc: L.T("plan.chart.labour_desc"),
			Axis: L.T("plan.axis.hours")}, bars)
		if err != nil {
			return c, err
		}
	}
	bars = bars[:0]
	for _, l := range d.Limits {
		if l.Binding && l.ID != plan.LabourID {
			bars = append(bars, chart.Bar{Label: l.ID, Value: l.Shadow})
		}
	}
	if len(bars) > 0 {
		c.Shadow, err = chart.HorizontalBars(chart.Spec{Title: L.T("plan.chart.shadow"), Desc: L.T("plan.chart.shadow_desc"),
			Axis: L.T("plan.axis.shadow")}, bars)
	}
	return c, err
}

func (u *UI) getPlan(w http.ResponseWriter, r *http.Request, p *page) error {
	pv, err := u.loadPlan()
	if err != nil {
		return err
	}
	d, err := pv.data(p.L)
	if err != nil {
		return err
	}
	p.Title = p.T("plan.title")
	p.Data = d
	return u.render(w, r, http.StatusOK, "plan", p)
}
