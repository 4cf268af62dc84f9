package kernels

import (
	"bytes"
	"testing"

	"github.com/decost/decost/precision"
)

// FuzzRead: any input either fails with an error or reads as tables that write and read back
// the same, and that a lookup anywhere does not break.
func FuzzRead(f *testing.F) {
	ts, err := Builtin()
	if err != nil {
		f.Fatal(err)
	}
	for _, t := range ts {
		if len(t.Points) > 20 { // small seeds keep the fuzzer fast
			continue
		}
		var b bytes.Buffer
		if err := t.Write(&b); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
	}
	f.Add([]byte("id: x\ncard: x\nop: dispatch\ndtype: fp8\nfabric: rdma\nsource: s\nhidden: 7168\ntopk: 8\nep,tokens_per_rank,latency_us\n8,128,77\n16,128,1e2\n---\nid: y\ncard: x\nop: gemm\ndtype: bf16\nsource: s\nm,n,k,latency_us\n1,2,3,4.5\n"))
	f.Add([]byte("id: x\ncard: x\nop: gqa-decode\ndtype: bf16\nsource: s\nbatch,kv_len,head_dim,kv_heads,group_rows,latency_us\n1,2,3,4,5,6\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		tables, err := ReadAll(bytes.NewReader(in))
		if err != nil {
			return
		}
		var b bytes.Buffer
		if err := WriteAll(&b, tables); err != nil {
			t.Fatal(err)
		}
		back, err := ReadAll(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatalf("written tables do not read back: %v\n%s", err, b.Bytes())
		}
		if len(back) != len(tables) {
			t.Fatalf("%d tables read back, %d written", len(back), len(tables))
		}
		for i, tb := range tables {
			bt := back[i]
			if bt.ID != tb.ID || bt.Op != tb.Op || bt.DType != tb.DType || len(bt.Points) != len(tb.Points) {
				t.Fatalf("table %d read back as %+v, wrote %+v", i, bt.Info, tb.Info)
			}
			for j, p := range tb.Points {
				if bt.Points[j].Seconds != p.Seconds {
					t.Fatalf("table %s point %d: %v read back as %v", tb.ID, j, p.Seconds, bt.Points[j].Seconds)
				}
			}
			s := NewSet(tb.Card, tb)
			for _, x := range []float64{0, 0.5, 3, 1e9} {
				shape := make([]float64, len(Axes(tb.Op)))
				for k := range shape {
					shape[k] = x
				}
				sec, _, ok := s.Lookup(tb.Op, tb.DType, shape...)
				if !ok || !(sec > 0) {
					t.Fatalf("%s: Lookup(%v) = %v, %v", tb.ID, shape, sec, ok)
				}
			}
			s.AllToAll(Dispatch, precision.FP8, 8, 1, 1, 1)
		}
	})
}

// FuzzBuilderCSV: any measurement CSV either fails with an error or gives tables that write
// and read back.
func FuzzBuilderCSV(f *testing.F) {
	f.Add([]byte("op,dtype,m,n,k,batch,kv_len,rows,ep,tokens_per_rank,hidden,topk,fabric,latency_us\ngemm,bf16,128,4096,7168,,,,,,,,,21.5\nmla-decode,bf16,,,,64,4096,128,,,,,,150\ndispatch,fp8,,,,,,,16,128,7168,8,rdma,120\n"))
	f.Add([]byte("kind,dtype,method,T,M,N,K,ms,flops,bytes\nexpert_gemm,bf16,down,16,16,7168,2048,0.01,1,1\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		b := NewBuilder("x1")
		if _, err := b.ReadCSV(bytes.NewReader(in), "fuzz.csv"); err != nil {
			return
		}
		ts, err := b.Tables()
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteAll(&buf, ts); err != nil {
			t.Fatal(err)
		}
		back, err := ReadAll(&buf)
		if err != nil || len(back) != len(ts) {
			t.Fatalf("built tables do not read back: %v", err)
		}
	})
}
