package cost

import (
	"fmt"
	"math"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/kernels"
	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
)

// The deployment engine: a model, its cards, their kernel tables, the serving options and
// the schedule resolved once (prepare), then evaluated for many plans without allocating.

// preparedKind is one layer kind's ops, resolved.
type preparedKind struct {
	name   string
	layers int
	moe    bool
	ops    []stepOp
	// experts and topK of an MoE layer.
	experts, topK int
	// Memory per layer (weightsOf, in the serving formats) and the KV bytes per sequence.
	weights       layerWeights
	kvBytesPerSeq float64
}

// zEntry caches ExpectedMaxStdNormal(g) and a histogram's ratio for g GPUs.
type zEntry struct {
	g         int
	z, hratio float64
}

// deployEngine is a deployment resolved once per search.
type deployEngine struct {
	mode     string
	model    *model.Model
	context  int
	kinds    []preparedKind
	mtpKinds []preparedKind
	// lastKind indexes the kind of the model's last layer, which the MTP layers copy.
	lastKind int
	// step: the embedding before the layers; head: final norm, LM head, sampling after.
	step, head, mtpStep, mtpHead []stepOp
	sched                        Schedule
	micro                        int
	attn, ffn                    *pricer
	net                          Network
	scaleUpEfficiency            float64
	// Line rates in bytes/s: NIC and NVLink of the attention (EP: every) GPU and of an FFN GPU.
	nicA, nicF, nvlA, nvlF float64
	nicErrA, nicErrF       error
	gpusPerNode            int
	gpusPerInstance        int // AFD g
	serving                Serving
	prec                   ServingPrecision
	q                      int
	credited               float64
	dispBytes, combBytes   float64
	zcache                 [32]zEntry
	znext                  int
	// Memory: everything an attention GPU holds besides KV and FFN weights, and usable bytes.
	attnFixedBytes   float64
	usableA, usableF float64
	hidden           int
}

// MessageBytesPerToken is what one token's hidden state of hidden elements weighs on the
// network in format f: hidden × the format's bytes, plus one FP32 scale per ScaleGroup
// elements for a format of one byte or less (FP8: DispatchBytesPerToken).
func (n Network) MessageBytesPerToken(hidden int, f precision.Format) float64 {
	b := f.Bytes() * float64(hidden)
	if f.Bytes() <= 1 && n.ScaleGroup > 0 {
		b += precision.FP32.Bytes() * math.Ceil(float64(hidden)/float64(n.ScaleGroup))
	}
	return b
}

// tablesFor is the kernel tables a card is priced with: the given set, or the card's built-in
// one (kernels.ForCard; nil when it has none).
func tablesFor(given *kernels.Set, hw hardware.Accelerator) *kernels.Set {
	if given != nil {
		return given
	}
	s, _ := kernels.ForCard(hw.ID)
	return s
}

// engineSpec is what prepare needs from a plan.
type engineSpec struct {
	mode                 string
	context              int
	attnHW, ffnHW        hardware.Accelerator
	attnProf, ffnProf    hardware.Profile
	attnTables, ffnTabls *kernels.Set
	assumptions          Assumptions
	serving              Serving
	micro                int
	denseGPUs            int // tensor-parallel degree of a dense FFN (EP 1, AFD g)
	gpusPerInstance      int
	attentionKV          precision.Format
	attentionCompute     precision.Format
}

// prepare resolves m under spec.
func prepare(m *model.Model, spec engineSpec) (*deployEngine, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if err := spec.serving.Validate(); err != nil {
		return nil, err
	}
	if err := checkContext(spec.context); err != nil {
		return nil, err
	}
	sched, err := BuiltinSchedule(spec.serving.Schedule, spec.mode, spec.micro)
	if err != nil {
		return nil, err
	}
	mtp := spec.serving.MTP
	if mtp.DraftTokens > 0 && m.MTPLayers == 0 {
		return nil, fmt.Errorf("model %s has no multi-token-prediction layers (config.json num_nextn_predict_layers) to draft %d tokens with", m.ID, mtp.DraftTokens)
	}
	kinds := m.Kinds()
	akinds, err := attentionKinds(kinds, spec.attentionKV, spec.attentionCompute)
	if err != nil {
		return nil, err
	}
	as := spec.assumptions
	minK := as.MinKernelSeconds
	e := &deployEngine{
		mode: spec.mode, model: m, context: spec.context, sched: sched, micro: spec.micro,
		attn: newPricer(spec.attnHW, spec.attnProf, tablesFor(spec.attnTables, spec.attnHW), minK),
		ffn:  newPricer(spec.ffnHW, spec.ffnProf, tablesFor(spec.ffnTabls, spec.ffnHW), minK),
		net:  as.Network, scaleUpEfficiency: as.ScaleUpEfficiency,
		gpusPerNode: max(spec.attnHW.GPUsPerNode, 1), gpusPerInstance: spec.gpusPerInstance,
		serving: spec.serving, prec: spec.serving.Precision.resolved(),
		q: mtp.TokensPerStep(), credited: mtp.CreditedTokens(), hidden: m.Hidden,
	}
	if e.scaleUpEfficiency == 0 {
		e.scaleUpEfficiency = 1
	}
	e.nicA, e.nicErrA = as.Network.nicBytesPerSecond(spec.attnHW)
	e.nicF, e.nicErrF = as.Network.nicBytesPerSecond(spec.ffnHW)
	e.nvlA, e.nvlF = spec.attnHW.ScaleUpBytesPerSecond, spec.ffnHW.ScaleUpBytesPerSecond
	e.dispBytes = as.Network.MessageBytesPerToken(m.Hidden, e.prec.Dispatch)
	e.combBytes = as.Network.MessageBytesPerToken(m.Hidden, e.prec.Combine)
	e.usableA = spec.attnHW.MemoryBytes * as.MemoryUsableFraction
	e.usableF = spec.ffnHW.MemoryBytes * as.MemoryUsableFraction

	build := func(ak, k model.LayerKind, layers int) preparedKind {
		f := formatsOf(ak.Layer.Precision, k.Layer.Precision, e.prec)
		b := &opBuilder{attn: e.attn, ffn: e.ffn, hidden: m.Hidden, context: spec.context}
		b.attentionOps(ak, f)
		fused := false
		if t := e.attn.tables; t != nil && spec.mode == ModeEP && k.Layer.FFN.Kind == model.MoE {
			_, _, fused = t.AllToAll(kernels.Dispatch, e.prec.Dispatch, 8, 128, m.Hidden, k.Layer.FFN.TopK)
		}
		b.ffnOps(k, f, spec.denseGPUs, fused)
		l := k.Layer
		pk := preparedKind{name: k.Name, layers: layers, moe: l.FFN.Kind == model.MoE, ops: b.ops,
			experts: l.FFN.Experts, topK: l.FFN.TopK}
		pk.weights = weightsOf(l, m.Hidden, f.gemmWeights, f.expertWeights, f.denseWeights)
		al := ak.Layer
		al.Precision.Cache = f.kv
		pk.kvBytesPerSeq = al.CacheBytes(spec.context)
		return pk
	}
	for i, k := range kinds {
		e.kinds = append(e.kinds, build(akinds[i], k, k.Count()))
	}
	// The head ops and the MTP module take the formats of the last layer's kind.
	last := len(kinds) - 1
	for i, k := range kinds {
		if k.Indices[len(k.Indices)-1] == len(m.Layers)-1 {
			last = i
		}
	}
	e.lastKind = last
	f := formatsOf(akinds[last].Layer.Precision, kinds[last].Layer.Precision, e.prec)
	b := &opBuilder{attn: e.attn, ffn: e.ffn, hidden: m.Hidden, context: spec.context}
	b.stepOps(m, f, "", false)
	e.step, b.ops = b.ops, nil
	b.headOps(m, f, "")
	e.head, b.ops = b.ops, nil
	e.attnFixedBytes = m.EmbeddingWeights() * EmbeddingFormat.Bytes()
	if mtp.DraftTokens > 0 {
		// The MTP layers are like the last decoder layer.
		mk := build(akinds[last], kinds[last], m.MTPLayers)
		mk.name = "mtp:" + kinds[last].Name
		e.mtpKinds = []preparedKind{mk}
		b.stepOps(m, f, "mtp_", true)
		e.mtpStep, b.ops = b.ops, nil
		b.headOps(m, f, "mtp_")
		e.mtpHead, b.ops = b.ops, nil
		e.attnFixedBytes += 2 * float64(m.Hidden) * float64(m.Hidden) * f.gemmWeights.Bytes() * float64(m.MTPLayers)
	}
	if spec.serving.Imbalance.Kind == ImbalanceHistogram {
		if n := len(spec.serving.Imbalance.ExpertTokens); n != m.MainFFN().Experts {
			return nil, fmt.Errorf("imbalance histogram has %d experts, model %s has %d routed experts", n, m.ID, m.MainFFN().Experts)
		}
	}
	return e, nil
}

// imbalance is the busiest FFN GPU's load over the mean for tokens tokens of a kind on gpus
// GPUs (calibrated times; ideal ones are balanced).
func (e *deployEngine) imbalance(tokens float64, k *preparedKind, gpus int) float64 {
	im := e.serving.Imbalance
	switch im.Kind {
	case ImbalanceNone:
		return 1
	case ImbalanceRatio:
		return im.Ratio
	}
	c := e.zFor(gpus)
	if im.Kind == ImbalanceHistogram {
		return c.hratio
	}
	return uniformImbalance(tokens, k.experts, k.topK, gpus, c.z)
}

// zFor returns the cache entry for gpus, computing it on a miss.
func (e *deployEngine) zFor(gpus int) *zEntry {
	for i := range e.zcache {
		if e.zcache[i].g == gpus {
			return &e.zcache[i]
		}
	}
	c := &e.zcache[e.znext%len(e.zcache)]
	e.znext++
	*c = zEntry{g: gpus, z: ExpectedMaxStdNormal(gpus), hratio: 1}
	if e.serving.Imbalance.Kind == ImbalanceHistogram {
		c.hratio = HistogramImbalance(e.serving.Imbalance.ExpertTokens, e.serving.RedundantExperts, gpus)
	}
	return c
}

// layout is one plan's sizes.
type layout struct {
	// attnGPUs hold the sequences (EP G, AFD x·g); ffnGPUs the experts (EP G, AFD y·g);
	// instances is AFD's y (0 for EP); gpus all of them.
	attnGPUs, ffnGPUs, instances, gpus int
	// seqs are the sequences in flight over the deployment; seqsPerGPU on one attention GPU.
	seqs, seqsPerGPU float64
}

// work is the token counts of one micro-batch of one layer kind.
type work struct {
	tok        [numTokenVars]float64 // ideal (balanced) counts
	routedCal  float64               // the busiest FFN GPU's pairs
	seqs       float64               // sequences per attention GPU per micro-batch
	q          int
	local      float64 // routed experts (replicas) per FFN GPU
	poolTokens float64 // T: tokens of the micro-batch over the pool
	ratio      float64
	// activeIdeal and activeCal are the local replicas that receive a pair (deployActive)
	// at the mean and at the busiest GPU's load.
	activeIdeal, activeCal float64
}

// opTimes prices op o under w: ideal (balanced) and calibrated (busiest GPU).
func (e *deployEngine) opTimes(o *stepOp, w *work) (pi, pc priced, tokIdeal, tokCal float64) {
	pr := e.attn
	if o.pool == poolFFN {
		pr = e.ffn
	}
	t := w.tok[o.tok]
	if !o.routed {
		pi = pr.price(&o.r, t*o.flopsPerToken, o.weightBytes+t*o.bytesPerToken+w.seqs*o.bytesPerSequence, w.seqs*o.bytesPerSequence, t, w.local, w.seqs, w.q)
		return pi, pi, t, t
	}
	pi = pr.price(&o.r, t*o.flopsPerToken, o.weightBytes*w.activeIdeal+t*o.bytesPerToken, 0, t/w.local, w.local, w.seqs, w.q)
	if w.routedCal == t {
		return pi, pi, t, t
	}
	c := w.routedCal
	pc = pr.price(&o.r, c*o.flopsPerToken, o.weightBytes*w.activeCal+c*o.bytesPerToken, 0, c/w.local, w.local, w.seqs, w.q)
	return pi, pc, t, c
}

// deployActive is the expected number of w's local expert replicas that receive at least one
// of pairs token–expert pairs, the pool's T tokens each landing on a replica with probability
// pairs/(local·T): expectedActive, the roofline's formula (k/(E + R) at the mean load, the
// imbalance × that at the busiest GPU).
func (w *work) deployActive(pairs float64) float64 {
	return expectedActive(w.local, pairs/(w.local*w.poolTokens), w.poolTokens)
}

// kindRun is one layer kind's times for one pass.
type kindRun struct {
	ideal, cal                  PhaseSeconds
	periodIdeal, periodCal      float64
	dispatch, combine           StageSeconds
	dispatchBasis, combineBasis kernels.Basis
	dispatchBound, combineBound hardware.Bound
	ratio                       float64
}

// runKind prices kind k for one pass at q tokens per sequence; with visit, each op is reported.
func (e *deployEngine) runKind(k *preparedKind, lay *layout, q int, out *kindRun, visit func(o *stepOp, pi, pc priced, w work)) {
	m := float64(e.micro)
	b := lay.seqsPerGPU / m
	w := work{seqs: b, q: q, ratio: 1}
	qf := float64(q)
	w.tok[tokAttention] = b * qf
	w.poolTokens = lay.seqs / m * qf
	if e.mode == ModeEP {
		w.tok[tokShared], w.tok[tokDense] = b*qf, b*qf
	} else {
		w.tok[tokShared] = w.poolTokens / float64(lay.ffnGPUs)
		w.tok[tokDense] = w.poolTokens / float64(lay.instances)
	}
	if k.moe {
		w.local = float64(k.experts+e.serving.RedundantExperts) / float64(lay.ffnGPUs)
		mean := w.poolTokens * float64(k.topK) / float64(lay.ffnGPUs)
		w.ratio = e.imbalance(w.poolTokens, k, lay.ffnGPUs)
		w.tok[tokRouted], w.routedCal = mean, mean*w.ratio
		w.activeIdeal = w.deployActive(mean)
		w.activeCal = w.activeIdeal
		if w.ratio != 1 {
			w.activeCal = w.deployActive(w.routedCal)
		}
	}
	*out = kindRun{ratio: w.ratio}
	for i := range k.ops {
		o := &k.ops[i]
		pi, pc, _, _ := e.opTimes(o, &w)
		out.ideal[o.phase] += pi.ideal
		out.cal[o.phase] += pc.calibrated
		if visit != nil {
			visit(o, pi, pc, w)
		}
	}
	// EP's dense layers run whole on every GPU, with nothing to send; every AFD layer sends its
	// tokens to the FFN pool and back.
	if k.moe || e.mode == ModeAFD {
		e.communication(k, lay, &w, out)
		out.ideal[PhaseDispatch], out.cal[PhaseDispatch] = out.dispatch.Ideal, out.dispatch.Calibrated
		out.ideal[PhaseCombine], out.cal[PhaseCombine] = out.combine.Ideal, out.combine.Calibrated
	}
	out.periodIdeal = e.sched.Period(&out.ideal)
	out.periodCal = e.sched.Period(&out.cal)
}

// communication prices one micro-batch's dispatch and combine of an MoE layer (issue 12 item
// 5). EP: each GPU sends its b·q·k token–expert pairs, 1/G to itself, (node − 1)/G over
// NVLink (scale-up) and the rest over its NIC (scale-out); a kernel table (DeepEP) prices it
// when the card has one, else line rate × efficiency plus one message latency. The busiest
// GPU receives ratio × the mean. AFD: each token goes to every FFN instance holding one of
// its experts (ExpectedInstancesHit), over the attention GPU's NIC and the FFN GPU's NIC, then
// over NVLink inside the instance to the GPU of each expert; the slowest of the three sets
// the time.
func (e *deployEngine) communication(k *preparedKind, lay *layout, w *work, out *kindRun) {
	tAttn := w.tok[tokAttention]
	kk := float64(k.topK)
	for dir := 0; dir < 2; dir++ {
		bytes := e.dispBytes
		format := e.prec.Dispatch
		kdir := kernels.Dispatch
		if dir == 1 {
			bytes, format, kdir = e.combBytes, e.prec.Combine, kernels.Combine
		}
		var ideal, cal float64
		basis := networkBasis
		bound := BoundScaleOut
		if e.mode == ModeEP {
			g := float64(lay.ffnGPUs)
			if lay.ffnGPUs <= 1 {
				continue
			}
			// 1/G of the pairs stay on the GPU, the share OffNodeFraction leaves the node, the
			// rest crosses NVLink.
			off := OffNodeFraction(lay.ffnGPUs, e.gpusPerNode)
			in := 1 - off - 1/g
			pairs := tAttn * kk * bytes
			ideal, cal, bound = e.tiers(pairs*off, pairs*in, e.nicA, e.nvlA, w.ratio)
			if e.attn.ideal {
				cal, basis = ideal, kernels.Ideal
			} else if tb := e.attn.tables; tb != nil {
				if sec, b, ok := tb.AllToAll(kdir, format, lay.ffnGPUs, tAttn*w.ratio, e.hidden, k.topK); ok {
					cal, basis = math.Max(sec, ideal), b
				}
			}
		} else {
			g := float64(e.gpusPerInstance)
			// An MoE layer's token goes to each instance holding one of its experts, then over
			// NVLink to each expert's GPU; a dense layer's to one instance, whose g GPUs split
			// the FFN by tensor parallelism and so each need all its T/y tokens (all-gather in,
			// reduce-scatter out, over NVLink).
			hit, fwd := 1.0, w.tok[tokDense]*(g-1)/g*bytes
			if k.moe {
				hit = ExpectedInstancesHit(k.experts, k.topK, lay.instances)
				fwd = w.tok[tokRouted] * (g - 1) / g * bytes
			}
			send := tAttn * hit * bytes
			recv := w.poolTokens * hit / float64(lay.ffnGPUs) * bytes
			ia, ca, ba := e.tiers(send, 0, e.nicA, e.nvlA, 1)
			if_, cf, bf := e.tiers(recv, fwd, e.nicF, e.nvlF, w.ratio)
			ideal, cal, bound = math.Max(ia, if_), math.Max(ca, cf), bf
			if ca > cf {
				bound = ba
			}
			if e.attn.ideal {
				cal, basis = ideal, kernels.Ideal
			}
		}
		st := StageSeconds{Ideal: ideal, Calibrated: math.Max(cal, ideal)}
		if dir == 0 {
			out.dispatch, out.dispatchBasis, out.dispatchBound = st, basis, bound
		} else {
			out.combine, out.combineBasis, out.combineBound = st, basis, bound
		}
	}
}

// networkBasis is the basis of a transfer priced from the network assumptions (line rate ×
// efficiency + message latency) rather than a measured all-to-all table.
var networkBasis = kernels.ProfileBasis("network")

// tiers times a transfer of offBytes over the NIC and inBytes over NVLink (in parallel; NVLink
// unknown: over the NIC too), ideal at line rate and calibrated at ratio × the bytes, the
// efficiencies and one message latency.
func (e *deployEngine) tiers(offBytes, inBytes, nic, nvl, ratio float64) (ideal, cal float64, bound hardware.Bound) {
	if offBytes <= 0 && inBytes <= 0 {
		return 0, 0, BoundScaleOut
	}
	if nvl <= 0 {
		offBytes, inBytes = offBytes+inBytes, 0
	}
	var io, ii, co, ci float64
	if offBytes > 0 {
		io = offBytes / nic
		co = offBytes * ratio / (nic * e.net.Efficiency)
	}
	if inBytes > 0 {
		ii = inBytes / nvl
		ci = inBytes * ratio / (nvl * e.scaleUpEfficiency)
	}
	bound = BoundScaleOut
	if ci > co {
		bound = BoundScaleUp
	}
	return math.Max(io, ii), math.Max(co, ci) + e.net.MessageLatencySeconds, bound
}

// ExpectedInstancesHit is the expected number of the y FFN instances (E/y routed experts
// each) that hold at least one of a token's k experts, drawn without repetition:
// y·(1 − Π_{i<k} (E − E/y − i)/(E − i)); 1 for y = 1.
func ExpectedInstancesHit(experts, topK, instances int) float64 {
	if instances <= 1 {
		return 1
	}
	e := float64(experts)
	n := e / float64(instances)
	miss := 1.0
	for i := 0; i < topK; i++ {
		f := (e - n - float64(i)) / (e - float64(i))
		if f <= 0 {
			miss = 0
			break
		}
		miss *= f
	}
	return float64(instances) * (1 - miss)
}

// stepRun is one plan's totals.
type stepRun struct {
	layers, mtp, head, step StageSeconds
	tpot                    StageSeconds
	throughput, tgs         Figures
	attnMem, ffnMem         float64
	fits                    bool
}

// opsSum prices per-step ops at tokens tokens on one attention GPU.
func (e *deployEngine) opsSum(ops []stepOp, tokens float64, visit func(o *stepOp, pi, pc priced, w work)) StageSeconds {
	w := work{q: 1, seqs: tokens, local: 1}
	w.tok[tokStep] = tokens
	var s StageSeconds
	for i := range ops {
		pi, pc, _, _ := e.opTimes(&ops[i], &w)
		s.Ideal += pi.ideal
		s.Calibrated += pc.calibrated
		if visit != nil {
			visit(&ops[i], pi, pc, w)
		}
	}
	return s
}

// run evaluates one plan; it allocates nothing.
func (e *deployEngine) run(lay *layout, out *stepRun) {
	*out = stepRun{}
	var kr kindRun
	var last StageSeconds // the last layer's kind's period at 1 + K tokens
	for i := range e.kinds {
		k := &e.kinds[i]
		e.runKind(k, lay, e.q, &kr, nil)
		out.layers.Ideal += kr.periodIdeal * float64(k.layers)
		out.layers.Calibrated += kr.periodCal * float64(k.layers)
		if i == e.lastKind {
			last = StageSeconds{kr.periodIdeal, kr.periodCal}
		}
	}
	qf := float64(e.q)
	out.head = e.opsSum(e.step, lay.seqsPerGPU*qf, nil).add(e.opsSum(e.head, lay.seqsPerGPU*qf, nil))
	if k := e.serving.MTP.DraftTokens; k > 0 {
		// The first draft pass runs the MTP layers — the last layer's kind, the same ops —
		// over 1 + K tokens per sequence: the period just computed. Passes 2…K run 1 token
		// each, all alike.
		mk := &e.mtpKinds[0]
		out.mtp = last.scale(float64(mk.layers))
		t := lay.seqsPerGPU * qf
		out.mtp = out.mtp.add(e.opsSum(e.mtpStep, t, nil)).add(e.opsSum(e.mtpHead, t, nil))
		if k > 1 {
			e.runKind(mk, lay, 1, &kr, nil)
			p := StageSeconds{kr.periodIdeal, kr.periodCal}.scale(float64(mk.layers))
			p = p.add(e.opsSum(e.mtpStep, lay.seqsPerGPU, nil)).add(e.opsSum(e.mtpHead, lay.seqsPerGPU, nil))
			out.mtp = out.mtp.add(p.scale(float64(k - 1)))
		}
	}
	out.step = out.layers.add(out.mtp).add(out.head)
	out.step.Calibrated += e.serving.StepOverheadSeconds
	out.tpot = out.step.scale(1 / e.credited)
	tokens := lay.seqs * e.credited
	out.throughput = Figures{tokens / out.step.Ideal, tokens / out.step.Calibrated}
	out.tgs = Figures{out.throughput.Ideal / float64(lay.gpus), out.throughput.Calibrated / float64(lay.gpus)}
	e.memory(lay, out)
}

// memory fills what one attention GPU and one FFN GPU hold (EP: all on the first).
func (e *deployEngine) memory(lay *layout, out *stepRun) {
	var attnW, kv, ffn float64
	dense := 1.0
	if e.mode == ModeAFD {
		dense = float64(e.gpusPerInstance)
	}
	add := func(k *preparedKind) {
		n := float64(k.layers)
		attnW += k.weights.attention * n
		kv += k.kvBytesPerSeq * n
		ffn += k.weights.ffnPerGPU(k.experts+e.serving.RedundantExperts, lay.ffnGPUs, dense) * n
	}
	for i := range e.kinds {
		add(&e.kinds[i])
	}
	for i := range e.mtpKinds {
		add(&e.mtpKinds[i])
	}
	out.attnMem = e.attnFixedBytes + attnW + lay.seqsPerGPU*kv
	if e.mode == ModeEP {
		out.attnMem += ffn
		out.fits = out.attnMem <= e.usableA
		return
	}
	out.ffnMem = ffn
	out.fits = out.attnMem <= e.usableA && out.ffnMem <= e.usableF
}

// checkNetwork reports a missing NIC the plan needs.
func (e *deployEngine) checkNetwork(lay *layout) error {
	moe := false
	for _, k := range e.kinds {
		moe = moe || k.moe
	}
	if !moe {
		return nil
	}
	if e.mode == ModeEP {
		// Off the node the all-to-all needs a NIC; inside it NVLink, or the NIC when the
		// card's scale-up bandwidth is unknown.
		if e.nicErrA != nil && lay.ffnGPUs > 1 && (lay.ffnGPUs > e.gpusPerNode || e.nvlA <= 0) {
			return fmt.Errorf("ep: %w", e.nicErrA)
		}
		return nil
	}
	if e.nicErrA != nil {
		return fmt.Errorf("afd attention pool: %w", e.nicErrA)
	}
	if e.nicErrF != nil {
		return fmt.Errorf("afd ffn pool: %w", e.nicErrF)
	}
	return nil
}

// result fills r from a plan's run, with each layer kind's period and, under
// Serving.Breakdown, every op and the timelines. It allocates; searches call it only for the
// plans they return.
func (e *deployEngine) result(lay *layout, run *stepRun, r *DeployResult) {
	m := float64(e.micro)
	r.SequencesPerAttentionGPU = lay.seqsPerGPU / m
	r.FFNTokens = lay.seqs / m * float64(e.q)
	r.MTP, r.TokensPerStep, r.CreditedTokensPerStep = e.serving.MTP, e.q, e.credited
	r.Schedule = e.sched.Name
	r.Imbalance, r.RedundantExperts = e.serving.Imbalance.String(), e.serving.RedundantExperts
	r.Precision = e.prec
	r.LayersTime, r.MTPTime, r.StepOpsTime = run.layers, run.mtp, run.head
	r.StepOverheadSeconds = e.serving.StepOverheadSeconds
	r.StepTime, r.TPOT, r.Throughput, r.TGS = run.step, run.tpot, run.throughput, run.tgs
	r.AttentionGPUMemoryBytes, r.FFNGPUMemoryBytes = run.attnMem, run.ffnMem
	r.AttentionGPUUsableBytes, r.FFNGPUUsableBytes = e.usableA, e.usableF
	if e.mode == ModeEP {
		r.FFNGPUUsableBytes = e.usableA
	}
	r.Fits = run.fits
	detail := e.serving.Breakdown
	mb := e.micro
	best := -1.0
	r.ImbalanceFactor = 1
	addKind := func(k *preparedKind, q, passes int) {
		var kr kindRun
		var visit func(o *stepOp, pi, pc priced, w work)
		if detail {
			visit = func(o *stepOp, pi, pc priced, w work) {
				t := w.tok[o.tok]
				if o.routed {
					t = w.routedCal
				}
				r.Breakdown = append(r.Breakdown, e.breakdownOp(k.name, o.phase.String(), o, pi, pc, t, &w, k.layers*passes*mb))
			}
		}
		e.runKind(k, lay, q, &kr, visit)
		l := DeployLayer{Kind: k.name, Layers: k.layers, Passes: passes, TokensPerSequence: q, Imbalance: kr.ratio,
			Dispatch: kr.dispatch, Combine: kr.combine, Communication: kr.dispatch.add(kr.combine),
			Period: StageSeconds{kr.periodIdeal, kr.periodCal}}
		for p := Phase(0); p < numPhases; p++ {
			l.Phases[p] = StageSeconds{kr.ideal[p], kr.cal[p]}
		}
		l.Attention = l.Phases[PhaseAttentionPrepare].add(l.Phases[PhaseAttentionCore])
		l.FFN = l.Phases[PhaseExperts].add(l.Phases[PhaseShared])
		l.BindingStage = e.bindingName(&kr.cal, kr.periodCal)
		l.BindingStageIdeal = e.bindingName(&kr.ideal, kr.periodIdeal)
		if detail {
			_, l.Timeline = e.sched.Timeline(&kr.cal)
			if k.moe {
				cnt := k.layers * passes * mb
				r.Breakdown = append(r.Breakdown,
					BreakdownOp{Stage: k.name, Phase: PhaseDispatch.String(), Op: "dispatch (" + string(e.prec.Dispatch) + ")", Count: cnt,
						Tokens: r.SequencesPerAttentionGPU * float64(q), IdealSeconds: kr.dispatch.Ideal, CalibratedSeconds: kr.dispatch.Calibrated,
						Basis: string(kr.dispatchBasis), Bound: kr.dispatchBound},
					BreakdownOp{Stage: k.name, Phase: PhaseCombine.String(), Op: "combine (" + string(e.prec.Combine) + ")", Count: cnt,
						Tokens: r.SequencesPerAttentionGPU * float64(q), IdealSeconds: kr.combine.Ideal, CalibratedSeconds: kr.combine.Calibrated,
						Basis: string(kr.combineBasis), Bound: kr.combineBound})
			}
		}
		if c := kr.periodCal * float64(k.layers*passes); c > best {
			best = c
			r.DominantKind, r.BindingStage, r.BindingStageIdeal = l.Kind, l.BindingStage, l.BindingStageIdeal
			r.ImbalanceFactor = kr.ratio
		}
		r.Layers = append(r.Layers, l)
	}
	for i := range e.kinds {
		addKind(&e.kinds[i], e.q, 1)
	}
	if k := e.serving.MTP.DraftTokens; k > 0 {
		for i := range e.mtpKinds {
			addKind(&e.mtpKinds[i], e.q, 1)
			if k > 1 {
				addKind(&e.mtpKinds[i], 1, k-1)
			}
		}
	}
	if detail {
		stepOps := func(stage string, ops []stepOp, tokens float64, passes int) {
			e.opsSum(ops, tokens, func(o *stepOp, pi, pc priced, w work) {
				r.Breakdown = append(r.Breakdown, e.breakdownOp(stage, "", o, pi, pc, tokens, &w, passes))
			})
		}
		t := lay.seqsPerGPU * float64(e.q)
		stepOps("step", e.step, t, 1)
		stepOps("step", e.head, t, 1)
		for pass := 1; pass <= e.serving.MTP.DraftTokens; pass++ {
			q := 1
			if pass == 1 {
				q = e.q
			}
			if pass > 2 {
				break // passes 2…K are alike: listed once with their count
			}
			n := 1
			if pass == 2 {
				n = e.serving.MTP.DraftTokens - 1
			}
			stepOps("mtp", e.mtpStep, lay.seqsPerGPU*float64(q), n)
			stepOps("mtp", e.mtpHead, lay.seqsPerGPU*float64(q), n)
		}
	}
}

// breakdownOp writes one op's line.
func (e *deployEngine) breakdownOp(stage, phase string, o *stepOp, pi, pc priced, tokens float64, w *work, count int) BreakdownOp {
	wb := o.weightBytes
	if o.routed {
		wb *= w.deployActive(tokens)
	}
	bound := pi.bound
	if pc.bound == BoundKernelMinimum {
		bound = BoundKernelMinimum
	}
	return BreakdownOp{Stage: stage, Phase: phase, Op: o.name, Count: count, Tokens: tokens,
		FLOPs: tokens * o.flopsPerToken, Bytes: wb + tokens*o.bytesPerToken + w.seqs*o.bytesPerSequence,
		IdealSeconds: pi.ideal, CalibratedSeconds: pc.calibrated, Basis: pc.basisString(), Bound: bound}
}

// bindingName names what sets a period: the resource busy all period, or StageDependency.
func (e *deployEngine) bindingName(d *PhaseSeconds, period float64) string {
	res, ok := e.sched.bindingResource(d, period)
	if !ok {
		return StageDependency
	}
	switch res {
	case ResourceCompute:
		if e.mode == ModeAFD {
			return StageAttention
		}
		return StageCompute
	case ResourceFFNCompute:
		return StageFFN
	}
	return StageCommunication
}

// warm fills the imbalance cache for the FFN pool sizes a search will try.
func (e *deployEngine) warm(ffnGPUs []int) {
	for _, g := range ffnGPUs {
		e.zFor(g)
	}
}

// warm prepares the imbalance of each GPU count gs of a search.
func (pe *PreparedEP) warm(gs []int) { pe.e.warm(gs) }

// warm prepares the imbalance of each FFN pool of ys instances of a search.
func (pa *PreparedAFD) warm(ys []int) {
	for _, y := range ys {
		pa.e.zFor(y * pa.plan.GPUsPerInstance)
	}
}
