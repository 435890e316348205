package council

// Acts returns a zero value of every act type, by a stable name: the web
// layer's routes and the tests that check no act gives an office without an
// election walk this list.
func Acts() map[string]Act {
	return map[string]Act{
		"found":                Found{},
		"found_council":        FoundCouncil{},
		"invite":               Invite{},
		"accept_invitation":    AcceptInvitation{},
		"leave":                Leave{},
		"propose":              Propose{},
		"request_admission":    RequestAdmission{},
		"amend":                Amend{},
		"accept_amendment":     AcceptAmendment{},
		"vote":                 Vote{},
		"call_election":        CallElection{},
		"nominate":             Nominate{},
		"withdraw_candidacy":   WithdrawCandidacy{},
		"open_recall":          OpenRecall{},
		"sign_recall_petition": SignRecallPetition{},
		"sign_referendum":      SignReferendum{},
		"form_tendency":        FormTendency{},
		"join_tendency":        JoinTendency{},
		"leave_tendency":       LeaveTendency{},
		"publish_platform":     PublishPlatform{},
		"dissolve_tendency":    DissolveTendency{},
		"file_minority_report": FileMinorityReport{},
		"sign_minority_report": SignMinorityReport{},
		"operator_note":        OperatorNote{},
		"compute_variants":     ComputeVariants{},
		"report_output":        ReportOutput{},
		"report_receipt":       ReportReceipt{},
		"report_hours":         ReportHours{},
		"confirm_hours":        ConfirmHours{},
		"draw_goods":           DrawGoods{},
		"correct_transfer":     CorrectTransfer{},
		"spend_fund":           SpendFund{},
		"support":              GrantSupport{},
		"expire_certificates":  ExpireCertificates{},
	}
}
