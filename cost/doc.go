// Package cost joins models and hardware into the analyses decost reports: the Step-3
// report's theoretical decoding cost (this file's neighbours theoretical.go and afd.go), and
// the analyses built on it.
//
// Dollar figures are USD per 10^6 decoded tokens (USDPerMTok). Every figure is ideal unless
// its name says calibrated.
package cost
