//! The program as code beside the circuit, in the two styles the seed deck cites:
//! cs231n's staged code (`q = x + y`, then `dq += z * df` in reverse order, one line per
//! backward step) and the layer objects of *Deep Learning from Scratch*
//! (`q = add_layer.forward(x, y)`, `dq, dz = mul_layer.backward(df)`).
//!
//! Every [`Line`] says which node and which trace step it stands for, so the page can
//! highlight the line of the current animation event ([`Code::line_at_event`]) and select
//! a gate when a line is clicked ([`Line::node`]).
//!
//! ```
//! use lessons::code::{Code, Style};
//! let mut g = autodiff::compile("x = -2; y = 5; z = -4; q = x + y; f = q * z").unwrap();
//! let steps = g.trace();
//! let code = Code::new(&g, &steps, Style::Staged);
//! let first = code.line_at_step(0).unwrap();
//! assert_eq!(code.lines[first].text, "dq += z * df # dq becomes -4");
//! ```

use crate::names::{belongs, factor, Names};
use autodiff::{format::number, Arity, Graph, NodeId, Op, Step};
use lang::{fill, t};

/// Which code to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// cs231n's staged computation: plain variables, `+=` in the backward pass.
    Staged,
    /// *Deep Learning from Scratch*: one layer object per gate with `forward` and `backward`.
    Layers,
}

/// What a line does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// A comment, or a gate's backprop header (then [`Line::node`] is the gate).
    Comment,
    /// A layer object is made (layers style; [`Line::node`] is its gate).
    Setup,
    /// The inputs are set: `x = -2; y = 5; z = -4`.
    Inputs,
    /// A gate computes its value.
    Forward,
    /// The output's gradient is set to 1.
    Seed,
    /// Every other gradient starts at 0, so that `+=` can add (staged style).
    Zero,
    /// Backward steps: one step (staged) or a whole gate (layers).
    Backward,
    /// A fork's parts are added up (layers style): `dx = dx_a + dx_b`.
    Sum,
}

/// One line of code and what it refers to.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The code, without a line break.
    pub text: String,
    /// What the line does.
    pub part: Part,
    /// The gate (or node) the line computes with: click to select it.
    pub node: Option<NodeId>,
    /// The first trace step ([`Graph::trace`] index) the line performs; `None` for lines that
    /// perform none.
    pub step: Option<usize>,
    /// How many consecutive trace steps from `step` the line performs: 1 in the staged
    /// style, the gate's wires in the layers style, 0 if none.
    pub steps: usize,
}

/// A moment of the animation, as the page's timeline (`circuit::Timeline`) orders them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// Every input's value appears.
    Inputs,
    /// A gate computes its value.
    Forward(NodeId),
    /// The output gets gradient 1.
    Seed,
    /// Trace step `k` of the backward pass.
    Backward(usize),
}

/// A program written out as code, line by line.
#[derive(Debug, Clone, Default)]
pub struct Code {
    /// The lines, top to bottom.
    pub lines: Vec<Line>,
    /// The line of each node's forward computation, indexed by node.
    forward: Vec<Option<u32>>,
    /// The line performing each trace step.
    by_step: Vec<u32>,
    inputs: Option<u32>,
    seed: Option<u32>,
    /// One line per timeline event, in the timeline's order.
    events: Vec<Option<u32>>,
}

impl Code {
    /// Writes `graph` (values computed) with its backward trace `steps` (from
    /// [`Graph::trace`]) in the given style. Steps that do not belong to the graph are
    /// skipped, as the timeline skips them.
    pub fn new(graph: &Graph, steps: &[Step], style: Style) -> Code {
        let names = Names::new(graph);
        let mut kept = Vec::with_capacity(steps.len());
        for s in steps {
            if belongs(graph, s) {
                kept.push(*s);
            }
        }
        let steps = kept;
        let mut per_op = [0u32; 256];
        for id in graph.ids() {
            per_op[graph.op(id) as usize] += 1;
        }
        // Every field written out: `Code::default()` would build empty Vecs only to drop them.
        let code = Code {
            lines: Vec::new(),
            forward: vec![None; graph.len()],
            by_step: vec![0; steps.len()],
            inputs: None,
            seed: None,
            events: Vec::new(),
        };
        let mut w = Writer { g: graph, names: &names, code, style, per_op };
        if style == Style::Layers {
            w.layer_setup();
        }
        w.inputs();
        w.forward();
        if let Some(out) = graph.output() {
            w.backward(out, &steps);
        }
        let mut code = w.code;
        code.timeline_events(graph, steps.len());
        code
    }

    /// The line of a moment of the animation.
    pub fn line_at(&self, moment: Moment) -> Option<usize> {
        let line = match moment {
            Moment::Inputs => self.inputs,
            Moment::Forward(id) => self.forward.get(id.index()).copied().flatten(),
            Moment::Seed => self.seed,
            Moment::Backward(k) => self.by_step.get(k).copied(),
        };
        line.map(|l| l as usize)
    }

    /// The line performing trace step `k`.
    pub fn line_at_step(&self, k: usize) -> Option<usize> {
        self.line_at(Moment::Backward(k))
    }

    /// The line of event `event` of the page's timeline (`circuit::Timeline::events()`),
    /// which numbers its events: the inputs (if there are any), one per gate in tape order,
    /// the seed, then one per trace step. `None` past the end.
    pub fn line_at_event(&self, event: usize) -> Option<usize> {
        self.events.get(event).copied().flatten().map(|l| l as usize)
    }

    /// All lines as one text, `\n` after each: what a "copy code" button copies.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for line in &self.lines {
            s.push_str(&line.text);
            s.push('\n');
        }
        s
    }

    /// Lists the line of every timeline event in `events` (empty before).
    fn timeline_events(&mut self, g: &Graph, steps: usize) {
        let events = &mut self.events;
        if !g.inputs().is_empty() {
            events.push(self.inputs);
        }
        for id in g.ids() {
            if g.op(id).arity() != Arity::Leaf {
                events.push(self.forward[id.index()]);
            }
        }
        if g.output().is_some() {
            events.push(self.seed);
            for &line in &self.by_step[..steps] {
                events.push(Some(line));
            }
        }
    }
}

struct Writer<'a> {
    g: &'a Graph,
    names: &'a Names,
    code: Code,
    style: Style,
    /// How many nodes have each op (indexed by `Op as usize`; `Op` is `repr(u8)`), to name layers.
    per_op: [u32; 256],
}

impl Writer<'_> {
    fn push(&mut self, text: String, part: Part, node: Option<NodeId>) -> u32 {
        self.code.lines.push(Line { text, part, node, step: None, steps: 0 });
        (self.code.lines.len() - 1) as u32
    }

    fn comment(&mut self, text: &str) {
        self.push(text.to_string(), Part::Comment, None);
    }

    /// `mul_layer = MulLayer()` per gate.
    fn layer_setup(&mut self) {
        let g = self.g;
        for id in g.ids() {
            if g.op(id).arity() == Arity::Leaf {
                continue;
            }
            let text = fill("{0} = {1}()", &[&self.layer(id), g.op(id).layer()]);
            self.push(text, Part::Setup, Some(id));
        }
    }

    /// The layer object's name: `mul_layer`, or `mul_f_layer` when several gates share the op.
    fn layer(&self, id: NodeId) -> String {
        let op = self.g.op(id);
        let template = if self.per_op[op as usize] > 1 { "{0}_{1}_layer" } else { "{0}_layer" };
        fill(template, &[op.name(), self.names.get(id)])
    }

    fn inputs(&mut self) {
        let g = self.g;
        if g.inputs().is_empty() {
            return;
        }
        self.comment(t!("# set some inputs"));
        let mut s = String::new();
        for (k, &id) in g.inputs().iter().enumerate() {
            if k > 0 {
                s.push_str("; ");
            }
            s.push_str(self.names.get(id));
            s.push_str(" = ");
            s.push_str(&number(g.value(id)));
        }
        self.code.inputs = Some(self.push(s, Part::Inputs, None));
    }

    fn forward(&mut self) {
        self.comment(t!("# perform the forward pass"));
        let (g, names) = (self.g, self.names);
        for id in g.ids() {
            if g.op(id).arity() == Arity::Leaf {
                continue;
            }
            let rhs = match self.style {
                Style::Staged => names.expr(g, id),
                Style::Layers => {
                    fill("{0}.forward({1})", &[&self.layer(id), &names.join(g.operands(id), ", ")])
                }
            };
            let name = names.get(id);
            let code = [name, " = ", &rhs].concat();
            let text = fill(t!("{0} # {1} becomes {2}"), &[&code, name, &number(g.value(id))]);
            self.code.forward[id.index()] = Some(self.push(text, Part::Forward, Some(id)));
        }
    }

    fn backward(&mut self, out: NodeId, steps: &[Step]) {
        self.comment(t!("# perform the backward pass (backpropagation) in reverse order"));
        let seed = fill("d{0} = 1", &[self.names.get(out)]);
        self.code.seed = Some(self.push(seed, Part::Seed, Some(out)));
        if self.style == Style::Staged {
            self.zero(out);
        }
        // The engine takes a gate's edges one after another, so each gate's steps are a run.
        let mut start = 0;
        while start < steps.len() {
            let gate = steps[start].gate;
            let end = start + steps[start..].iter().take_while(|s| s.gate == gate).count();
            match self.style {
                Style::Staged => self.staged_gate(gate, start, &steps[start..end]),
                Style::Layers => self.layer_gate(gate, start, &steps[start..end], steps),
            }
            start = end;
        }
    }

    /// `dx = dy = dz = dq = 0`: what lets every backward line add.
    fn zero(&mut self, out: NodeId) {
        let mut s = String::new();
        for id in self.g.ids() {
            if id < out && self.g.op(id) != Op::Const {
                s.push('d');
                s.push_str(self.names.get(id));
                s.push_str(" = ");
            }
        }
        if !s.is_empty() {
            s.push('0');
            self.push(s, Part::Zero, None);
        }
    }

    /// `# backprop through f = q * z`, then `dq += z * df # dq becomes -4` per step.
    fn staged_gate(&mut self, gate: NodeId, first: usize, steps: &[Step]) {
        let (g, names) = (self.g, self.names);
        let head = fill(t!("# backprop through {0} = {1}"), &[names.get(gate), &names.expr(g, gate)]);
        self.push(head, Part::Comment, Some(gate));
        for (k, s) in steps.iter().enumerate() {
            let local = factor(names.local(g, gate, s.position));
            let code = fill("d{0} += {1} * d{2}", &[names.get(s.input), &local, names.get(gate)]);
            let grad = ["d", names.get(s.input)].concat();
            let text = fill(t!("{0} # {1} becomes {2}"), &[&code, &grad, &number(s.sum)]);
            let line = self.push(text, Part::Backward, Some(gate));
            self.performs(line, first + k, 1);
        }
    }

    /// `dq, dz = mul_layer.backward(df)`, and `dx = dx_a + dx_b` once a fork is complete.
    fn layer_gate(&mut self, gate: NodeId, first: usize, run: &[Step], all: &[Step]) {
        let (g, names) = (self.g, self.names);
        let mut outs = String::new();
        let mut sums = Vec::new();
        for (k, &o) in g.operands(gate).iter().enumerate() {
            if k > 0 {
                outs.push_str(", ");
            }
            let Some(at) = run.iter().position(|s| s.position == k) else {
                outs.push('_'); // a constant's slot: no wire, nothing to keep
                continue;
            };
            let step = first + at;
            let parts = contributions(all, o);
            if parts == 1 {
                outs.push('d');
                outs.push_str(names.get(o));
                continue;
            }
            let part = contributions(&all[..step], o);
            push_part(&mut outs, names.get(o), part);
            if part + 1 == parts {
                sums.push((o, parts));
            }
        }
        let text = fill("{0} = {1}.backward(d{2})", &[&outs, &self.layer(gate), names.get(gate)]);
        let line = self.push(text, Part::Backward, Some(gate));
        self.performs(line, first, run.len());
        for (o, parts) in sums {
            let name = names.get(o);
            let mut s = fill("d{0} = ", &[name]);
            for p in 0..parts {
                if p > 0 {
                    s.push_str(" + ");
                }
                push_part(&mut s, name, p);
            }
            self.push(s, Part::Sum, Some(o));
        }
    }

    fn performs(&mut self, line: u32, first: usize, count: usize) {
        let l = &mut self.code.lines[line as usize];
        l.step = Some(first);
        l.steps = count;
        for k in first..first + count {
            self.code.by_step[k] = line;
        }
    }
}

/// How many of `steps` bring `node` a gradient contribution.
fn contributions(steps: &[Step], node: NodeId) -> usize {
    let mut n = 0;
    for s in steps {
        if s.input == node {
            n += 1;
        }
    }
    n
}

/// Pushes the gradient variable of the `part`-th contribution to a fork of `name`: `dx_a`,
/// `dx_b`, ... (letters, so no clash with a renamed second assignment `x_2`).
fn push_part(s: &mut String, name: &str, part: usize) {
    s.push('d');
    s.push_str(name);
    s.push('_');
    match u8::try_from(part).ok().filter(|&p| p < 26) {
        Some(p) => s.push(char::from(b'a' + p)),
        None => {
            s.push('z');
            s.push_str(&lang::int(part as i64));
        }
    }
}

#[cfg(test)]
mod tests;
