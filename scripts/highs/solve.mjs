// Solves one LP (CPLEX LP format) with HiGHS (npm package highs, pinned in
// package.json) and prints one JSON line: status, objective, the solver's
// own run time and iteration counts. Used by scripts/bench-plan-balance.sh.
//
//   node solve.mjs FILE.lp SOLVER TOL
//
// SOLVER is simplex, ipm or pdlp; TOL is the relative tolerance given to
// PDLP for its gap and residuals (and to the others' feasibility checks).
import { readFileSync } from "node:fs";
import loadHighs from "highs";

const [file, solver, tolArg] = process.argv.slice(2);
if (!file || !["simplex", "ipm", "pdlp"].includes(solver)) {
  console.error("usage: node solve.mjs FILE.lp simplex|ipm|pdlp [TOL]");
  process.exit(2);
}
const tol = Number(tolArg ?? "1e-6");
const highs = await loadHighs();
const t0 = performance.now();
const model = highs.createModel({ format: "lp", data: readFileSync(file, "utf8") });
const tRead = performance.now();
const cpu0 = process.cpuUsage();
try {
  model.options.set({ output_flag: false, solver, presolve: "off", time_limit: Number(process.env.HIGHS_TIME_LIMIT ?? "600") });
  if (solver === "pdlp") {
    model.options.set({
      pdlp_optimality_tolerance: tol,
      primal_feasibility_tolerance: tol,
      dual_feasibility_tolerance: tol,
    });
  }
  if (solver === "ipm") model.options.set({ run_crossover: "off" });
  model.run();
  const tRun = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const info = (k) => {
    try { return Number(model.info.get(k)); } catch { return null; }
  };
  console.log(JSON.stringify({
    solver,
    status: highs.constants.modelStatusName?.[model.getModelStatus()] ?? String(model.getModelStatus()),
    objective: model.getObjectiveValue(),
    read_seconds: (tRead - t0) / 1000,
    solve_seconds: (tRun - tRead) / 1000,
    cpu_seconds: (cpu.user + cpu.system) / 1e6,
    iterations: info(solver === "pdlp" ? "pdlp_iteration_count" : solver === "ipm" ? "ipm_iteration_count" : "simplex_iteration_count"),
  }));
} finally {
  model.dispose();
}
