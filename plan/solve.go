package plan

import (
	"fmt"

	"commune/sparse"
)

// Values returns the labour value of every product, in hours per unit:
// the v solving v = vA + l, the direct labour of a product plus the
// labour in everything used up making it. It checks first that the
// economy is productive.
func (e *Economy) Values(s sparse.Settings) ([]float64, sparse.Result, error) {
	if _, err := e.Check(); err != nil {
		return nil, sparse.Result{}, err
	}
	v := make([]float64, len(e.Products))
	// v = Aᵀv + l: the columns of A are the rows of Aᵀ, so each value is a
	// gather over its product's own inputs.
	res, err := sparse.Solve(e.A.T(), e.Labour, v, s)
	if err != nil {
		return nil, res, fmt.Errorf("values: %w", err)
	}
	return v, res, nil
}

// Outputs returns the gross output x of every product needed to deliver
// the final needs d (needs.csv, all priorities): the x solving x = Ax + d.
// It checks first that the economy is productive.
func (e *Economy) Outputs(s sparse.Settings) (x, d []float64, res sparse.Result, err error) {
	if _, err := e.Check(); err != nil {
		return nil, nil, sparse.Result{}, err
	}
	d = e.Need()
	x = make([]float64, len(e.Products))
	res, err = sparse.Solve(sparse.NewColumnOperator(e.A), d, x, s)
	if err != nil {
		return nil, nil, res, fmt.Errorf("outputs: %w", err)
	}
	return x, d, res, nil
}
