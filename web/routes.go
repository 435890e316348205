package web

import "commune/council"

// routes is the API's routes table: every route, in one list, so that
// TestOpenAPI can check each is documented and TestNoAppointments can
// check none gives an office without an election. Write routes built by
// actR perform exactly one council act, named by its type.
func (s *Server) routes() []route {
	return []route{
		// The API's own description.
		{method: "GET", path: "/api/v1/openapi.json", handle: s.getOpenAPI},

		// Sessions and invitations.
		{method: "POST", path: "/api/v1/session", handle: s.postSession},
		{method: "DELETE", path: "/api/v1/session", auth: true, handle: s.deleteSession},
		{method: "POST", path: "/api/v1/invitations/accept", handle: s.postAcceptInvitation, act: council.AcceptInvitation{}},

		// Members.
		{method: "GET", path: "/api/v1/me", auth: true, handle: s.getMe},
		{method: "GET", path: "/api/v1/members/{id}", handle: s.getMember},

		// Councils.
		{method: "GET", path: "/api/v1/councils", handle: s.getCouncils},
		actR[council.FoundCouncil](s, "POST", "/api/v1/councils", ""),
		{method: "GET", path: "/api/v1/councils/{id}", handle: s.getCouncil},
		{method: "POST", path: "/api/v1/councils/{id}/invitations", auth: true, handle: s.postInvitation, act: council.Invite{}},
		actR[council.Leave](s, "POST", "/api/v1/councils/{id}/leave", "council"),
		actR[council.RequestAdmission](s, "POST", "/api/v1/councils/{id}/admissions", "council"),
		actR[council.CallElection](s, "POST", "/api/v1/councils/{id}/elections", "council"),

		// Proposals (any kind) and the shorthands for statutes, mandates and
		// referendum demands, which are proposals of those kinds.
		actR[council.Propose](s, "POST", "/api/v1/councils/{id}/proposals", "council"),
		{method: "POST", path: "/api/v1/councils/{id}/statutes", auth: true, handle: s.postStatutes, act: council.Propose{}},
		{method: "POST", path: "/api/v1/councils/{id}/mandates", auth: true, handle: s.postMandate, act: council.Propose{}},
		{method: "POST", path: "/api/v1/councils/{id}/referendum-demands", auth: true, handle: s.postReferendumDemand, act: council.Propose{}},
		{method: "GET", path: "/api/v1/proposals/{id}", handle: s.getProposal},
		actR[council.Amend](s, "POST", "/api/v1/proposals/{id}/amendments", "proposal"),
		// An amendment the proposer does not accept stands as a competing
		// alternative: proposing an alternative is proposing an amendment.
		actR[council.Amend](s, "POST", "/api/v1/proposals/{id}/alternatives", "proposal"),
		actR[council.AcceptAmendment](s, "POST", "/api/v1/amendments/{id}/accept", "amendment"),
		voteRoute(s, "/api/v1/proposals/{id}/votes", "proposal"),
		actR[council.SignReferendum](s, "POST", "/api/v1/proposals/{id}/referendum-petition", "proposal"),
		actR[council.FileMinorityReport](s, "POST", "/api/v1/proposals/{id}/minority-reports", "proposal"),

		// Elections: self-nomination and ranked ballots. Seats are filled
		// only when the server closes an election and counts its ballots.
		{method: "GET", path: "/api/v1/elections/{id}", handle: s.getElection},
		actR[council.Nominate](s, "POST", "/api/v1/elections/{id}/candidacies", "election"),
		actR[council.WithdrawCandidacy](s, "DELETE", "/api/v1/elections/{id}/candidacies", "election"),
		voteRoute(s, "/api/v1/elections/{id}/ballots", "election"),

		// Recalls and recall petitions.
		actR[council.OpenRecall](s, "POST", "/api/v1/recalls", ""),
		{method: "GET", path: "/api/v1/recalls/{id}", handle: s.getRecall},
		voteRoute(s, "/api/v1/recalls/{id}/votes", "recall"),
		actR[council.SignRecallPetition](s, "POST", "/api/v1/recall-petitions", ""),

		// Referendums from below.
		{method: "GET", path: "/api/v1/referendums/{id}", handle: s.getReferendum},
		voteRoute(s, "/api/v1/referendums/{id}/votes", "referendum"),

		// Tendencies, platforms and minority reports.
		{method: "GET", path: "/api/v1/tendencies", handle: s.getTendencies},
		actR[council.FormTendency](s, "POST", "/api/v1/tendencies", ""),
		{method: "GET", path: "/api/v1/tendencies/{id}", handle: s.getTendency},
		actR[council.JoinTendency](s, "POST", "/api/v1/tendencies/{id}/members", "tendency"),
		actR[council.LeaveTendency](s, "POST", "/api/v1/tendencies/{id}/leave", "tendency"),
		actR[council.PublishPlatform](s, "POST", "/api/v1/tendencies/{id}/platform", "tendency"),
		actR[council.DissolveTendency](s, "POST", "/api/v1/tendencies/{id}/dissolution", "tendency"),
		actR[council.SignMinorityReport](s, "POST", "/api/v1/minority-reports/{id}/signatures", "report"),

		// The planning cycle and the labour-time accounts (plan_period,
		// plan_needs, plan_processes, plan_adoption, deductions and
		// free_goods are proposals). Keyed acts built by actK answer a
		// retry with the original entry.
		{method: "GET", path: "/api/v1/periods", handle: s.getPeriods},
		{method: "GET", path: "/api/v1/periods/{id}", handle: s.getPeriod},
		{method: "GET", path: "/api/v1/periods/{id}/workplaces/{workplace}", handle: s.getWorkplacePlan},
		actR[council.ComputeVariants](s, "POST", "/api/v1/periods/{id}/variants", "period"),
		actR[council.ReportOutput](s, "POST", "/api/v1/periods/{id}/outputs", "period"),
		actR[council.ReportReceipt](s, "POST", "/api/v1/periods/{id}/receipts", "period"),
		actK(s, "POST", "/api/v1/periods/{id}/draws", "period", drawKey),
		{method: "GET", path: "/api/v1/hours", handle: s.getHours},
		actK(s, "POST", "/api/v1/hours", "", hoursKey),
		actK(s, "POST", "/api/v1/hours/{id}/confirmation", "report", confirmKey),
		actK(s, "POST", "/api/v1/corrections", "", correctKey),
		{method: "GET", path: "/api/v1/accounts/{id}", handle: s.getAccount},
		{method: "GET", path: "/api/v1/funds", handle: s.getFunds},
		actK(s, "POST", "/api/v1/funds/{id}/spendings", "fund", spendKey),
		actK(s, "POST", "/api/v1/funds/{id}/support", "fund", supportKey),
		actK(s, "POST", "/api/v1/expiries", "", expireKey),

		// The public record.
		{method: "GET", path: "/api/v1/record/checkpoint", handle: s.getCheckpoint},
		{method: "GET", path: "/api/v1/record/verification-key", handle: s.getVerificationKey},
		{method: "GET", path: "/api/v1/record/entries", handle: s.getEntries},
		{method: "GET", path: "/api/v1/record/entries/{index}/proof", handle: s.getInclusion},
		{method: "GET", path: "/api/v1/record/consistency", handle: s.getConsistency},
		{method: "GET", path: "/api/v1/record/tables/{name}", handle: s.getTable},
	}
}
