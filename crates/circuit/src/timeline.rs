//! The animation as data: a list of discrete events (forward reveals, the seed gradient,
//! one backward step per edge), and [`Timeline::state_at`], a pure function from a
//! fractional position to everything a frame shows. Stepping back is calling it again with
//! a smaller `t`; nothing is ever undone.

use autodiff::{format, formula, Arity, Graph, NodeId, Op, Operands, Step, Style};
use lang::{fill, t};

/// One thing that happens in the animation.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Every input's value appears.
    Inputs,
    /// A gate computes its value (tape order, so left to right).
    Forward(NodeId),
    /// The output gets gradient 1: df/df = 1.
    Seed(NodeId),
    /// One edge of the backward pass: a token carries `upstream x local` from the gate
    /// back to one of its inputs, where it is added to the running sum.
    Backward(Step),
}

/// A gradient as a frame shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradShown {
    /// The sum of the contributions so far (the final gradient once `complete`).
    pub sum: f64,
    /// How many contributions have arrived (more than one only at a fork).
    pub contributions: u32,
    /// Whether every contribution has arrived.
    pub complete: bool,
}

/// The token travelling back along a wire during a backward step.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenState {
    /// The wire: operand `position` of `gate`, carrying into `input`.
    pub gate: NodeId,
    pub position: usize,
    pub input: NodeId,
    /// 0 at the gate, 1 at the input.
    pub progress: f64,
    /// "upstream × local = contribution".
    pub text: String,
}

/// A gate's new value travelling out along its output wire during its forward step, so a
/// forward step moves as a backward one does (values flow right, gradients left).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Carry {
    /// The gate whose value travels; its label appears when the step ends.
    pub node: NodeId,
    /// 0 at the gate, 1 at the end of its wire.
    pub progress: f64,
}

/// Everything one frame of the animation shows.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameState {
    /// Indexed by node: whether its value label is shown.
    pub values: Vec<bool>,
    /// Indexed by node: its gradient so far, if any contribution has arrived.
    pub grads: Vec<Option<GradShown>>,
    pub token: Option<TokenState>,
    /// The value in motion during a forward step.
    pub carry: Option<Carry>,
    /// The gate of the current event.
    pub active_gate: Option<NodeId>,
    /// The wire of the current event when it is a backward step, during the step and after
    /// it: operand `.1` of gate `.0` (what [`crate::follow::pan_to`] brings into view).
    pub wire: Option<(NodeId, usize)>,
    /// The event being played or just finished, which the narration describes
    /// ([`Timeline::narration`]).
    pub event: Option<usize>,
    /// The node whose gradient a quiz asks for: its gradient label reads "?".
    pub asked: Option<NodeId>,
    /// What the quiz calls the asked node when the circuit shows no name for it (`t3`):
    /// its label then reads "t3 = ?", so the question's name is on the canvas too.
    pub asked_name: Option<String>,
}

impl FrameState {
    /// The end of the animation without a timeline: every value and gradient shown, read
    /// from the graph (run `recompute` first).
    pub fn complete(graph: &Graph) -> FrameState {
        let out = graph.output();
        let mut grads = Vec::with_capacity(graph.len());
        for id in graph.ids() {
            let has = out.is_some_and(|o| id <= o) && graph.op(id) != Op::Const;
            grads.push(has.then(|| GradShown { sum: graph.grad(id), contributions: 1, complete: true }));
        }
        FrameState {
            values: vec![true; graph.len()],
            grads,
            token: None,
            carry: None,
            active_gate: None,
            wire: None,
            event: None,
            asked: None,
            asked_name: None,
        }
    }
}

/// The events of one graph's forward and backward pass. Their narration is written when
/// asked for ([`Timeline::narration`]), so a timeline of thousands of events costs no text
/// until it plays.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    events: Vec<Event>,
    nodes: usize,
    inputs: Vec<NodeId>,
    /// The event after which each node's gradient is complete.
    complete_at: Vec<Option<usize>>,
    /// Nodes whose gradient (0) is complete at the seed: nothing flows into them.
    idle: Vec<NodeId>,
    seed: Option<usize>,
}

impl Timeline {
    /// Builds the timeline of `graph` (values computed) and its backward trace `steps`
    /// (from [`Graph::trace`]).
    pub fn new(graph: &Graph, steps: &[Step]) -> Timeline {
        // Every field written out: `..Timeline::default()` would build and drop empty Vecs.
        let mut t = Timeline {
            events: Vec::new(),
            nodes: graph.len(),
            inputs: graph.inputs().to_vec(),
            complete_at: vec![None; graph.len()],
            idle: Vec::new(),
            seed: None,
        };
        if !t.inputs.is_empty() {
            t.events.push(Event::Inputs);
        }
        for id in graph.ids() {
            if graph.op(id).arity() != Arity::Leaf {
                t.events.push(Event::Forward(id));
            }
        }
        let Some(out) = graph.output() else { return t };
        let seed = t.events.len();
        t.seed = Some(seed);
        t.complete_at[out.index()] = Some(seed);
        t.events.push(Event::Seed(out));
        // Steps of another graph (a stale trace) are skipped rather than trusted.
        for step in steps {
            if step.input.index() < graph.len() && step.gate.index() < graph.len() {
                t.complete_at[step.input.index()] = Some(t.events.len());
                t.events.push(Event::Backward(*step));
            }
        }
        for id in graph.ids() {
            if id < out && graph.op(id) != Op::Const && t.complete_at[id.index()].is_none() {
                t.complete_at[id.index()] = Some(seed);
                t.idle.push(id);
            }
        }
        t
    }

    /// Runs the backward trace of `graph` and builds its timeline.
    pub fn from_graph(graph: &mut Graph) -> Timeline {
        let steps = graph.trace();
        Timeline::new(graph, &steps)
    }

    /// The number of events: `state_at(len())` is the end.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The narration of event `i` of this timeline of `graph` in the build's language
    /// (`lang::t!`), e.g. "mul gate: upstream 1 x local -4 = -4 into q" ("" past the end).
    pub fn narration(&self, graph: &Graph, i: usize) -> String {
        match self.events.get(i) {
            None => String::new(),
            Some(Event::Inputs) => inputs_sentence(graph),
            Some(Event::Forward(id)) => forward_sentence(graph, *id),
            Some(Event::Seed(out)) => match graph.name(*out) {
                Some(name) => fill(
                    t!("backward: the output {0} gets gradient 1 ({1} = 1)"),
                    &[name, &["d", name, "/d", name].concat()],
                ),
                None => t!("backward: the output gets gradient 1").to_string(),
            },
            Some(Event::Backward(step)) => graph.describe_step(step),
        }
    }

    /// The index of the seed event (the first backward event), if there is an output.
    pub fn backward_start(&self) -> Option<usize> {
        self.seed
    }

    /// The frame at position `t` in `[0, len]`: events `0..floor(t)` have happened and event
    /// `floor(t)` is `t - floor(t)` of the way through. `t` outside the range (or NaN) is
    /// clamped, so any slider value is safe.
    pub fn state_at(&self, t: f64) -> FrameState {
        let len = self.events.len();
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, len as f64) };
        let done = (t.floor() as usize).min(len);
        let frac = t - done as f64;
        let mut values = vec![false; self.nodes];
        // Pushed, not `vec![None; n]`, whose fill code for this type had no other user.
        let mut grads: Vec<Option<GradShown>> = Vec::with_capacity(self.nodes);
        for _ in 0..self.nodes {
            grads.push(None);
        }
        for (i, event) in self.events[..done].iter().enumerate() {
            match event {
                Event::Inputs => {
                    for id in &self.inputs {
                        values[id.index()] = true;
                    }
                }
                Event::Forward(id) => values[id.index()] = true,
                Event::Seed(out) => {
                    grads[out.index()] = Some(GradShown { sum: 1.0, contributions: 1, complete: true });
                    for id in &self.idle {
                        grads[id.index()] = Some(GradShown { sum: 0.0, contributions: 0, complete: true });
                    }
                }
                Event::Backward(step) => {
                    let k = step.input.index();
                    let count = grads[k].map_or(0, |g| g.contributions) + 1;
                    let complete = self.complete_at[k] == Some(i);
                    grads[k] = Some(GradShown { sum: step.sum, contributions: count, complete });
                }
            }
        }
        let current = if frac > 0.0 && done < len { Some(done) } else { done.checked_sub(1) };
        let mut state = FrameState {
            values,
            grads,
            token: None,
            carry: None,
            active_gate: None,
            wire: None,
            event: current,
            asked: None,
            asked_name: None,
        };
        if let Some(i) = current {
            match &self.events[i] {
                Event::Inputs => {}
                Event::Forward(id) => {
                    state.active_gate = Some(*id);
                    if frac > 0.0 && i == done {
                        state.carry = Some(Carry { node: *id, progress: frac });
                    }
                }
                Event::Seed(id) => state.active_gate = Some(*id),
                Event::Backward(step) => {
                    state.active_gate = Some(step.gate);
                    state.wire = Some((step.gate, step.position));
                    if frac > 0.0 && i == done {
                        state.token = Some(TokenState {
                            gate: step.gate,
                            position: step.position,
                            input: step.input,
                            progress: frac,
                            text: token_text(step),
                        });
                    }
                }
            }
        }
        state
    }
}

/// "upstream × local = contribution".
fn token_text(step: &Step) -> String {
    let mut s = format::number(step.upstream);
    s.push_str(" × ");
    s.push_str(&format::number(step.local));
    s.push_str(" = ");
    s.push_str(&format::number(step.contribution));
    s
}

fn inputs_sentence(g: &Graph) -> String {
    let mut s = String::new();
    for (k, &id) in g.inputs().iter().enumerate() {
        if k > 0 {
            s.push_str(", ");
        }
        s.push_str(g.name(id).unwrap_or("?"));
        s.push_str(" = ");
        s.push_str(&format::number(g.value(id)));
    }
    fill(t!("forward: inputs {0}"), &[&s])
}

/// "forward: q = x + y = -2 + 5 = 3", or for an unnamed gate "forward: exp gate: exp(-1) = 0.3679".
fn forward_sentence(g: &Graph, id: NodeId) -> String {
    let ops = g.operands(id);
    let any_named = ops.iter().any(|u| g.name(*u).is_some());
    let mut s = expression(g, g.op(id), ops, true);
    if any_named {
        s.push_str(" = ");
        s.push_str(&expression(g, g.op(id), ops, false));
    }
    s.push_str(" = ");
    s.push_str(&format::number(g.value(id)));
    let s = match g.name(id) {
        Some(name) => [name, " = ", &s].concat(),
        None => fill(t!("~{0} gate: {1}"), &[g.op(id).word(), &s]),
    };
    fill(t!("forward: {0}"), &[&s])
}

/// An operand as [`expression`] writes it: by name (the value if it has none), or by value.
fn operand(g: &Graph, u: NodeId, by_name: bool) -> String {
    match g.name(u) {
        Some(name) if by_name => name.to_string(),
        _ => format::number(g.value(u)),
    }
}

/// The gate's computation written out with its operands by name or by value ([`operand`]):
/// the op's forward formula.
fn expression(g: &Graph, op: Op, ops: &[NodeId], by_name: bool) -> String {
    let texts: Vec<String> = ops.iter().map(|&u| operand(g, u, by_name)).collect();
    let args: Vec<&str> = texts.iter().map(String::as_str).collect();
    formula::render(op.forward_formula(), Style::Text, &Operands { args: &args, out: None, op, position: 0 })
}
