// Package lp solves large sparse linear programmes by restarted primal-dual
// hybrid gradient (PDHG). The default method is restarted reflected Halpern
// PDHG (Lu and Yang: "Restarted Halpern PDHG for Linear Programming", 2024;
// as in cuPDLPx, Lu, Peng and Yang 2025); the other is PDLP's restarted
// average PDHG with adaptive steps (Applegate, Díaz, Hinder, Lu, Lubin,
// O'Donoghue, Schudy: "Practical Large-Scale Linear Programming using
// Primal-Dual Hybrid Gradient", NeurIPS 2021). See Method.
//
// The problem form is
//
//	minimise  cᵀx
//	subject to  (Ax)ᵢ = bᵢ for equality rows, (Ax)ᵢ ≥ bᵢ for the others,
//	            l ≤ x ≤ u   (bounds may be infinite).
//
// The solver uses only matrix-vector products with A and Aᵀ, so its memory
// is linear in the number of non-zeros and each iteration is cheap; it needs
// many iterations, which restarts and rescaling keep few:
//
//   - Ruiz equilibration followed by Pock–Chambolle scaling of A;
//   - Halpern: a constant step 0.99/‖A‖₂, iterates anchored to the last
//     restart point, restarts decided on the fixed-point residual, a PID
//     controller for the primal weight;
//   - Adaptive: adaptive step sizes (the largest step the local Lipschitz
//     estimate allows), restarts to the average or the current iterate
//     decided on the normalised duality gap, smoothed primal weight updates.
//
// The scaled matrix is stored once, by column, cut into one part per core;
// an iteration is one pass over it (Aᵀy of the new dual point, the next
// primal step and A·x of that step, fused) and one pass over the rows (the
// dual step), on goroutines that live as long as the solve: an
// iteration allocates nothing. See colMatrix.
//
// Solve reports the relative primal residual, dual residual and duality gap
// it reached, measured on the unscaled problem. It returns an error, never a
// panic, when it detects infeasibility or unboundedness or runs out of
// iterations; it panics on shape errors, which are programming errors.
//
// The package does no I/O.
package lp
