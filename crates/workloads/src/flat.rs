//! The lower bound: the smallest tape that runs both workloads. Struct-of-arrays storage
//! (one byte of op, two u32 operands, value, gradient), values computed as nodes are
//! pushed, and a backward that is one reverse loop over a four-armed match. No names,
//! no spans, no n-ary gates: what any tape engine pays at least.

/// A leaf: an input, a parameter or a constant.
pub const LEAF: u8 = 0;
pub const ADD: u8 = 1;
pub const MUL: u8 = 2;
pub const TANH: u8 = 3;
/// `max(0, a)` with relu'(0) = 0, as micrograd has it.
pub const RELU: u8 = 4;

/// A minimal flat tape, reused across runs: `clear` keeps the allocations.
#[derive(Debug, Default)]
pub struct Tape {
    pub op: Vec<u8>,
    pub a: Vec<u32>,
    pub b: Vec<u32>,
    pub val: Vec<f64>,
    pub grad: Vec<f64>,
}

impl Tape {
    pub fn clear(&mut self) {
        self.op.clear();
        self.a.clear();
        self.b.clear();
        self.val.clear();
    }

    pub fn len(&self) -> usize {
        self.val.len()
    }

    pub fn is_empty(&self) -> bool {
        self.val.is_empty()
    }

    #[inline]
    pub fn leaf(&mut self, v: f64) -> u32 {
        self.push_value(LEAF, 0, 0, v)
    }

    /// Pushes a gate and computes its value.
    #[inline]
    pub fn push(&mut self, op: u8, a: u32, b: u32) -> u32 {
        let (x, y) = (self.val[a as usize], self.val[b as usize]);
        let v = match op {
            ADD => x + y,
            MUL => x * y,
            TANH => x.tanh(),
            RELU => {
                if x > 0.0 {
                    x
                } else {
                    0.0
                }
            }
            _ => f64::NAN,
        };
        self.push_value(op, a, b, v)
    }

    #[inline]
    fn push_value(&mut self, op: u8, a: u32, b: u32, v: f64) -> u32 {
        self.op.push(op);
        self.a.push(a);
        self.b.push(b);
        self.val.push(v);
        self.val.len() as u32 - 1
    }

    /// d out / d node for every node; gradients are zeroed first.
    pub fn backward(&mut self, out: u32) {
        self.grad.clear();
        self.grad.resize(self.val.len(), 0.0);
        self.grad[out as usize] = 1.0;
        for i in (0..=out as usize).rev() {
            let up = self.grad[i];
            let (a, b) = (self.a[i] as usize, self.b[i] as usize);
            match self.op[i] {
                ADD => {
                    self.grad[a] += up;
                    self.grad[b] += up;
                }
                MUL => {
                    self.grad[a] += up * self.val[b];
                    self.grad[b] += up * self.val[a];
                }
                TANH => self.grad[a] += up * (1.0 - self.val[i] * self.val[i]),
                RELU if self.val[a] > 0.0 => self.grad[a] += up,
                _ => {}
            }
        }
    }

    /// Heap bytes held (capacity, not length).
    pub fn heap_bytes(&self) -> usize {
        self.op.capacity()
            + 4 * (self.a.capacity() + self.b.capacity())
            + 8 * (self.val.capacity() + self.grad.capacity())
    }
}
