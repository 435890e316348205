// Package ballot counts votes: yes/no/abstain decisions under a council's
// statutes (quorum and majority, optionally weighted), single-winner and
// full-ranking elections by the Schulze method, several seats by Meek's
// single transferable vote, and ranked ballots in PrefLib's file format.
//
// The package does no I/O (the PrefLib reader takes an io.Reader) and
// every count is deterministic: the same ballots always give the same
// result, so an audit that replays the public record recomputes every
// tally exactly. See docs/ballot.md for the methods and their citations.
//
// Alternatives are numbered 0..n-1 throughout; PrefLib's 1-based numbers
// are converted by ReadPrefLib.
package ballot
