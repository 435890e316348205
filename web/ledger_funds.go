package web

import "commune/council"

// Keys of the acts that spend the funds, support members from them and
// expire certificates: routes built with actK answer their retries with
// the original entry, like the other keyed acts of the accounts.
func spendKey(a council.SpendFund) string           { return a.Key }
func supportKey(a council.GrantSupport) string      { return a.Key }
func expireKey(a council.ExpireCertificates) string { return a.Key }
