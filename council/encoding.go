package council

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// EncodeEvent returns the canonical encoding of ev: its JSON, fields in
// declaration order, without HTML escaping and without a trailing newline.
func EncodeEvent(ev Event) ([]byte, error) {
	if ev == nil {
		return nil, fmt.Errorf("encode event: nil")
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ev); err != nil {
		return nil, fmt.Errorf("encode event %s: %w", ev.Kind(), err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// decoders maps each event kind to its decoder.
var decoders = map[string]func([]byte) (Event, error){}

func register[T Event]() {
	var zero T
	decoders[zero.Kind()] = func(b []byte) (Event, error) {
		// Unknown fields, trailing spaces and other spellings are caught
		// by DecodeEvent's re-encoding; Unmarshal refuses trailing data.
		var ev T
		if err := json.Unmarshal(b, &ev); err != nil {
			return nil, err
		}
		return ev, nil
	}
}

func init() {
	register[Founded]()
	register[CouncilFounded]()
	register[InvitationIssued]()
	register[InvitationAccepted]()
	register[MemberLeft]()
	register[ProposalMade]()
	register[AmendmentMade]()
	register[AmendmentAccepted]()
	register[VotingOpened]()
	register[VoteCast]()
	register[ProposalClosed]()
	register[DeviationRecorded]()
	register[ElectionCalled]()
	register[CandidacyFiled]()
	register[CandidacyWithdrawn]()
	register[ElectionVotingOpened]()
	register[ElectionClosed]()
	register[TermsEnded]()
	register[RecallOpened]()
	register[RecallPetitionSigned]()
	register[RecallClosed]()
	register[ReferendumSigned]()
	register[ReferendumClosed]()
	register[TendencyFormed]()
	register[TendencyJoined]()
	register[TendencyLeft]()
	register[PlatformPublished]()
	register[DissolutionSigned]()
	register[MinorityReportFiled]()
	register[MinorityReportSigned]()
	register[OperatorNoted]()
	register[VariantsComputed]()
	register[OutputReported]()
	register[ReceiptReported]()
	register[HoursReported]()
	register[HoursConfirmed]()
	register[GoodsDrawn]()
	register[TransferCorrected]()
	register[FundSpent]()
	register[SupportGranted]()
	register[CertificatesExpired]()
}

// EventKinds lists every event kind, sorted.
func EventKinds() []string {
	out := make([]string, 0, len(decoders))
	for k := range decoders {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}

// DecodeEvent is the inverse of EncodeEvent: it accepts only the canonical
// encoding of an event of the given kind (unknown fields, trailing data or
// any other spelling are refused), so that each event has one encoding.
func DecodeEvent(kind string, body []byte) (Event, error) {
	dec, ok := decoders[kind]
	if !ok {
		return nil, fmt.Errorf("decode event: unknown kind %q", kind)
	}
	ev, err := dec(body)
	if err != nil {
		return nil, fmt.Errorf("decode event %s: %w", kind, err)
	}
	canon, err := EncodeEvent(ev)
	if err != nil {
		return nil, fmt.Errorf("decode event %s: %w", kind, err)
	}
	if !bytes.Equal(canon, body) {
		return nil, fmt.Errorf("decode event %s: not in canonical form", kind)
	}
	return ev, nil
}
