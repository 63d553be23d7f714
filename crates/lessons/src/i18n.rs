//! The page's words in English, Korean and Japanese.
//!
//! One [`Key`] per text the page shows (headings, buttons, labels, notes, narration
//! templates, quiz hints), and [`t`] to look one up. Each key's three texts stand side by
//! side in one table, so a translation is reviewed next to its source and a new key does not
//! compile without all three. Texts with parts filled in at run time are templates with
//! `{0}`, `{1}`, ... markers, filled by [`fill`]; a marker may repeat, and translations put
//! the markers in their own word order. The lede's `{0}` and `{1}` are the emphasised words
//! [`Key::LedeValues`] and [`Key::LedeGradients`], which the page wraps in `<strong>`.
//!
//! The Korean and Japanese use the standard terms: 역전파 / 誤差逆伝播法 (backpropagation),
//! 순전파 / 順伝播 (forward pass), 기울기 / 勾配 (gradient), 연쇄 법칙 / 連鎖律 (chain rule),
//! 국소 기울기 / 局所勾配 (local gradient), 상류 / 上流 (upstream).
//!
//! ```
//! use lessons::i18n::{fill, t, Key, Lang};
//! let lang = Lang::from_browser(&["ko-KR".to_string(), "en".to_string()]);
//! assert_eq!(lang, Lang::Ko);
//! assert_eq!(t(lang, Key::Play), "재생");
//! assert_eq!(fill(t(Lang::En, Key::StepOf), &["3", "12"]), "step 3 of 12");
//! ```

/// A language of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Korean.
    Ko,
    /// Japanese.
    Ja,
}

impl Lang {
    /// Every language, in the order of the language menu.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ko, Lang::Ja];

    /// The BCP 47 code, for `<html lang>` and the URL.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
            Lang::Ja => "ja",
        }
    }

    /// The language's own name, for the language menu (the same in every language).
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
            Lang::Ja => "日本語",
        }
    }

    /// A language tag as the browser gives it (`ko`, `ko-KR`, `ja_JP`, `EN-us`): its primary
    /// subtag, case-insensitively. `None` for any other language.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        Lang::ALL.into_iter().find(|l| primary.eq_ignore_ascii_case(l.code()))
    }

    /// The first language of `navigator.languages` (the user's order of preference) that the
    /// page speaks, else English.
    pub fn from_browser(languages: &[String]) -> Lang {
        languages.iter().find_map(|tag| Lang::parse(tag)).unwrap_or_default()
    }
}

/// `template` with `{0}` ... `{9}` replaced by `args` (a marker without an argument is left as
/// it is). Pushes slices, so no formatting machinery is involved.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut len = template.len();
    for a in args {
        len += a.len();
    }
    let mut out = String::with_capacity(len);
    // Byte indices: `{`, the digit and `}` are ASCII, so every cut is at a character
    // boundary, and no str searcher is linked.
    let b = template.as_bytes();
    let (mut copied, mut i) = (0, 0);
    while i < b.len() {
        if let (b'{', Some(d @ b'0'..=b'9'), Some(b'}')) = (b[i], b.get(i + 1), b.get(i + 2)) {
            if let Some(arg) = args.get(usize::from(d - b'0')) {
                out.push_str(&template[copied..i]);
                out.push_str(arg);
                i += 3;
                copied = i;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&template[copied..]);
    out
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> &'static str {
    key.texts()[lang as usize]
}

macro_rules! keys {
    ($($(#[$doc:meta])* $key:ident => [$en:expr, $ko:expr, $ja:expr],)*) => {
        /// One text of the page. Each variant's doc is its English text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key {
            $($(#[$doc])* $key,)*
        }

        impl Key {
            /// Every key, in table order.
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];

            /// The English text. Inlined, so a page that asks for a few known keys in English
            /// links those texts and not the table.
            #[inline(always)]
            pub fn en(self) -> &'static str {
                match self {
                    $(Key::$key => $en,)*
                }
            }

            /// The texts in English, Korean and Japanese.
            fn texts(self) -> [&'static str; 3] {
                match self {
                    $(Key::$key => [$en, $ko, $ja],)*
                }
            }
        }
    };
}

keys! {
    // ---- the page's frame -----------------------------------------------------------------
    /// Backprop Playground
    Title => ["Backprop Playground", "역전파 놀이터", "誤差逆伝播法プレイグラウンド"],
    /// The page's meta description.
    Description => [
        "Watch backpropagation flow through cs231n's computational-graph circuits, gate by gate.",
        "cs231n의 계산 그래프 회로에서 역전파가 게이트 하나하나를 거쳐 흐르는 모습을 지켜보세요.",
        "cs231n の計算グラフの回路で、誤差逆伝播法がゲートを一つずつ流れていく様子を見てみましょう。"
    ],
    /// Skip to the program
    SkipToProgram => ["Skip to the program", "프로그램으로 건너뛰기", "プログラムへ移動"],
    /// The crash banner.
    Crash => [
        "Something went wrong inside the playground. Your program is kept in this page's link.",
        "놀이터 내부에서 문제가 생겼습니다. 작성한 프로그램은 이 페이지의 링크에 남아 있습니다.",
        "プレイグラウンドの内部で問題が発生しました。プログラムはこのページのリンクに保存されています。"
    ],
    /// Reload
    Reload => ["Reload", "새로 고침", "再読み込み"],
    /// The lede; `{0}` is [`Key::LedeValues`], `{1}` [`Key::LedeGradients`].
    Lede => [
        "Edit any input and watch gradients flow backward through the circuit, gate by gate: {0} above each wire, {1} below.",
        "입력값을 바꾸고 기울기가 회로를 거슬러 게이트 하나씩 흘러가는 모습을 보세요. 각 선의 위에는 {0}, 아래에는 {1}가 표시됩니다.",
        "入力を編集して、勾配が回路を逆向きにゲートごとに流れていく様子を見てみましょう。各ワイヤーの上に{0}、下に{1}が表示されます。"
    ],
    /// values
    LedeValues => ["values", "값", "値"],
    /// gradients
    LedeGradients => ["gradients", "기울기", "勾配"],
    /// Circuits after Stanford cs231n's notes on backpropagation. Works offline once loaded.
    Footer => [
        "Circuits after Stanford cs231n's notes on backpropagation. Works offline once loaded.",
        "회로는 Stanford cs231n의 역전파 강의 노트를 따랐습니다. 한 번 불러오면 오프라인에서도 동작합니다.",
        "回路は Stanford cs231n の誤差逆伝播法の講義ノートにならっています。一度読み込めばオフラインでも動作します。"
    ],
    /// Language
    Language => ["Language", "언어", "言語"],
    /// Undo
    Undo => ["Undo", "실행 취소", "元に戻す"],
    /// Redo
    Redo => ["Redo", "다시 실행", "やり直す"],

    // ---- the circuit and its toolbar ------------------------------------------------------
    /// Circuit
    Circuit => ["Circuit", "회로", "回路"],
    /// Circuit: loading
    CircuitLoading => ["Circuit: loading", "회로: 불러오는 중", "回路: 読み込み中"],
    /// Example
    Example => ["Example", "예제", "例題"],
    /// f = (x + y) z
    ExampleFxyz => ["f = (x + y) z", "f = (x + y) z", "f = (x + y) z"],
    /// Sigmoid neuron (gates)
    ExampleNeuronGates => ["Sigmoid neuron (gates)", "시그모이드 뉴런 (게이트)", "シグモイドニューロン(ゲート)"],
    /// Sigmoid neuron (σ gate)
    ExampleNeuronSigma => ["Sigmoid neuron (σ gate)", "시그모이드 뉴런 (σ 게이트)", "シグモイドニューロン(σゲート)"],
    /// Max gate
    ExampleMax => ["Max gate", "max 게이트", "max ゲート"],
    /// Staged computation
    ExampleStaged => ["Staged computation", "단계별 계산", "段階的な計算"],
    /// Apple shopping
    ExampleApple => ["Apple shopping", "사과 쇼핑", "りんごの買い物"],
    /// Apple and orange shopping
    ExampleAppleOrange => ["Apple and orange shopping", "사과와 귤 쇼핑", "りんごとみかんの買い物"],
    /// 2-2-1 network
    ExampleNet221 => ["2-2-1 network", "2-2-1 신경망", "2-2-1 ネットワーク"],
    /// micrograd example
    ExampleMicrograd => ["micrograd example", "micrograd 예제", "micrograd の例"],
    /// Expand σ gates
    ExpandSigma => ["Expand σ gates", "σ 게이트 펼치기", "σゲートを展開"],
    /// Collapse σ gates
    CollapseSigma => ["Collapse σ gates", "σ 게이트 접기", "σゲートをまとめる"],
    /// Input gradients, σ gate and expanded gates: {0}
    ExpansionCheck => [
        "Input gradients, σ gate and expanded gates: {0}",
        "입력의 기울기, σ 게이트와 펼친 게이트: {0}",
        "入力の勾配、σゲートと展開したゲート: {0}"
    ],
    /// (identical either way)
    ExpansionSame => [" (identical either way)", " (양쪽이 같음)", "(どちらでも同じ)"],
    /// (they differ!)
    ExpansionDiffer => [" (they differ!)", " (서로 다름!)", "(違いがあります!)"],
    /// Zoom out
    ZoomOut => ["Zoom out", "축소", "縮小"],
    /// Zoom in
    ZoomIn => ["Zoom in", "확대", "拡大"],
    /// Fit
    Fit => ["Fit", "맞춤", "全体表示"],
    /// The hint under the canvas.
    CanvasHint => [
        "Drag a green input value to scrub it (Shift: fine steps). Drag the background to pan, wheel or +/− to zoom. Click a gate, or focus the circuit and use Up/Down.",
        "초록색 입력값을 드래그하면 값이 바뀝니다(Shift: 미세 조정). 배경을 드래그하면 이동하고, 휠이나 +/−로 확대·축소합니다. 게이트를 클릭하거나, 회로에 포커스를 두고 위/아래 키를 사용하세요.",
        "緑色の入力値をドラッグすると値を変えられます(Shift: 細かく)。背景のドラッグで移動、ホイールまたは +/− で拡大・縮小します。ゲートをクリックするか、回路にフォーカスして上下キーを使います。"
    ],

    // ---- the animation ---------------------------------------------------------------------
    /// Animation
    Animation => ["Animation", "애니메이션", "アニメーション"],
    /// Play
    Play => ["Play", "재생", "再生"],
    /// Pause
    Pause => ["Pause", "일시 정지", "一時停止"],
    /// Step back
    StepBack => ["Step back", "한 단계 뒤로", "1ステップ戻る"],
    /// Step forward
    StepForward => ["Step forward", "한 단계 앞으로", "1ステップ進む"],
    /// Restart
    Restart => ["Restart", "처음부터", "最初から"],
    /// Speed
    Speed => ["Speed", "속도", "速度"],
    /// Timeline
    Timeline => ["Timeline", "타임라인", "タイムライン"],
    /// step {0} of {1}
    StepOf => ["step {0} of {1}", "{1}단계 중 {0}단계", "{1} ステップ中 {0}"],
    /// Press Play to watch the forward pass, then the gradients flowing backward.
    NarrationStart => [
        "Press Play to watch the forward pass, then the gradients flowing backward.",
        "재생을 누르면 순전파에 이어 기울기가 거꾸로 흐르는 역전파를 볼 수 있습니다.",
        "再生を押すと、順伝播に続いて勾配が逆向きに流れる様子が見られます。"
    ],
    /// {0} = {1}. Press Play to watch the forward pass, then the gradients flowing backward.
    NarrationReady => [
        "{0} = {1}. Press Play to watch the forward pass, then the gradients flowing backward.",
        "{0} = {1}. 재생을 누르면 순전파에 이어 기울기가 거꾸로 흐르는 역전파를 볼 수 있습니다.",
        "{0} = {1}。再生を押すと、順伝播に続いて勾配が逆向きに流れる様子が見られます。"
    ],
    /// Nothing computed yet: step forward to reveal the inputs.
    NarrationEmpty => [
        "Nothing computed yet: step forward to reveal the inputs.",
        "아직 계산된 것이 없습니다. 한 단계 앞으로 가면 입력값이 나타납니다.",
        "まだ何も計算されていません。1ステップ進むと入力値が表示されます。"
    ],
    /// forward: inputs {0}
    NarrateInputs => ["forward: inputs {0}", "순전파: 입력 {0}", "順伝播: 入力 {0}"],
    /// forward: {0}
    NarrateForward => ["forward: {0}", "순전파: {0}", "順伝播: {0}"],
    /// backward: the output {0} gets gradient 1 (d{0}/d{0} = 1)
    NarrateSeed => [
        "backward: the output {0} gets gradient 1 (d{0}/d{0} = 1)",
        "역전파: 출력 {0}의 기울기는 1입니다 (d{0}/d{0} = 1)",
        "逆伝播: 出力 {0} の勾配は 1 です(d{0}/d{0} = 1)"
    ],
    /// {0} gate: upstream {1} × local {2} = {3} into {4}
    NarrateStep => [
        "{0} gate: upstream {1} × local {2} = {3} into {4}",
        "{0} 게이트: 상류 {1} × 국소 {2} = {3}, {4}(으)로 전달",
        "{0} ゲート: 上流 {1} × 局所 {2} = {3} を {4} へ"
    ],
    /// Steps so far
    StepsSoFar => ["Steps so far", "지금까지의 단계", "これまでのステップ"],

    // ---- program, numbers, gate ------------------------------------------------------------
    /// Program
    Program => ["Program", "프로그램", "プログラム"],
    /// The link's program does not parse ({0}); showing the default example.
    LinkDoesNotParse => [
        "The link's program does not parse ({0}); showing the default example.",
        "링크의 프로그램을 해석할 수 없습니다({0}). 기본 예제를 보여 줍니다.",
        "リンクのプログラムを解析できません({0})。既定の例を表示します。"
    ],
    /// Could not open the link: {0}; showing the default example.
    LinkCannotOpen => [
        "Could not open the link: {0}; showing the default example.",
        "링크를 열 수 없습니다: {0}. 기본 예제를 보여 줍니다.",
        "リンクを開けませんでした: {0}。既定の例を表示します。"
    ],
    /// Not a finite number: {0}
    NotFinite => ["Not a finite number: {0}", "유한한 수가 아닙니다: {0}", "有限の数ではありません: {0}"],
    /// Numbers
    Numbers => ["Numbers", "수치", "数値"],
    /// Values and gradients
    ValuesCaption => ["Values and gradients", "값과 기울기", "値と勾配"],
    /// name
    ColName => ["name", "이름", "名前"],
    /// value
    ColValue => ["value", "값", "値"],
    /// gradient
    ColGradient => ["gradient", "기울기", "勾配"],
    /// Gate
    Gate => ["Gate", "게이트", "ゲート"],
    /// The gate panel's note before a gate is selected.
    GateNote => [
        "Select a gate on the circuit (click it, or focus the circuit and use the Up and Down keys) to see its local gradients and the chain rule.",
        "회로에서 게이트를 선택하면(클릭하거나, 회로에 포커스를 두고 위/아래 키 사용) 그 게이트의 국소 기울기와 연쇄 법칙을 볼 수 있습니다.",
        "回路のゲートを選ぶと(クリック、または回路にフォーカスして上下キー)、そのゲートの局所勾配と連鎖律が表示されます。"
    ],
    /// Local gradients
    LocalGradients => ["Local gradients", "국소 기울기", "局所勾配"],
    /// Chain rule
    ChainRule => ["Chain rule", "연쇄 법칙", "連鎖律"],
    /// into {0}: upstream {1} × local {2} = {3}
    ChainRuleLine => [
        "into {0}: upstream {1} × local {2} = {3}",
        "{0}(으)로: 상류 {1} × 국소 {2} = {3}",
        "{0} へ: 上流 {1} × 局所 {2} = {3}"
    ],
    /// (added with +=, it feeds several gates)
    ChainRuleFork => [
        " (added with +=, it feeds several gates)",
        " (여러 게이트로 들어가므로 +=로 더함)",
        "(複数のゲートに入るので += で足し合わせる)"
    ],
    /// Selected {0}. Local gradients: {1}.
    Selected => ["Selected {0}. Local gradients: {1}.", "{0} 선택됨. 국소 기울기: {1}.", "{0} を選択。局所勾配: {1}。"],

    // ---- numerical check, gradient step, share ---------------------------------------------
    /// Numerical check
    NumericalCheck => ["Numerical check", "수치 미분으로 검산", "数値微分による検算"],
    /// The numerical check's note.
    NumericNote => [
        "The derivative's definition, df/dx ≈ (f(x+h) − f(x)) / h, against the analytic gradient.",
        "도함수의 정의 df/dx ≈ (f(x+h) − f(x)) / h로 구한 값을 해석적 기울기와 비교합니다.",
        "微分の定義 df/dx ≈ (f(x+h) − f(x)) / h で求めた値を、解析的な勾配と比べます。"
    ],
    /// h
    H => ["h", "h", "h"],
    /// Analytic and numerical gradients
    NumericCaption => ["Analytic and numerical gradients", "해석적 기울기와 수치 기울기", "解析的な勾配と数値勾配"],
    /// input
    ColInput => ["input", "입력", "入力"],
    /// analytic
    ColAnalytic => ["analytic", "해석적", "解析的"],
    /// (f(x+h)−f(x))/h
    ColForwardDifference => ["(f(x+h)−f(x))/h", "(f(x+h)−f(x))/h", "(f(x+h)−f(x))/h"],
    /// centred
    ColCentred => ["centred", "중앙 차분", "中心差分"],
    /// relative error
    ColRelativeError => ["relative error", "상대 오차", "相対誤差"],
    /// Gradient step
    GradientStep => ["Gradient step", "기울기 방향으로 한 걸음", "勾配方向に一歩"],
    /// The gradient step's note.
    StepNote => [
        "Move every input by η × gradient and compare with the first-order prediction.",
        "모든 입력을 η × 기울기만큼 움직이고, 1차 근사로 예측한 값과 비교합니다.",
        "すべての入力を η × 勾配だけ動かし、1次近似による予測と比べます。"
    ],
    /// Step size η
    StepSize => ["Step size η", "스텝 크기 η", "ステップ幅 η"],
    /// Step downhill
    StepDownhill => ["Step downhill", "내리막으로 한 걸음", "下り方向に一歩"],
    /// Step uphill
    StepUphill => ["Step uphill", "오르막으로 한 걸음", "上り方向に一歩"],
    /// Step size η must be a number ≥ 0.
    StepSizeError => [
        "Step size η must be a number ≥ 0.",
        "스텝 크기 η는 0 이상의 수여야 합니다.",
        "ステップ幅 η は 0 以上の数にしてください。"
    ],
    /// {0}: {1} → {2}, predicted {3} (first-order prediction: change {4} predicted, {5} actual)
    StepReport => [
        "{0}: {1} → {2}, predicted {3} (first-order prediction: change {4} predicted, {5} actual)",
        "{0}: {1} → {2}, 예측 {3} (1차 근사 예측: 변화량 예측 {4}, 실제 {5})",
        "{0}: {1} → {2}、予測 {3}(1次近似の予測: 変化量 予測 {4}、実際 {5})"
    ],
    /// Share and export
    ShareExport => ["Share and export", "공유 및 내보내기", "共有とエクスポート"],
    /// Copy link
    CopyLink => ["Copy link", "링크 복사", "リンクをコピー"],
    /// Download SVG
    DownloadSvg => ["Download SVG", "SVG 다운로드", "SVG をダウンロード"],
    /// Download PNG
    DownloadPng => ["Download PNG", "PNG 다운로드", "PNG をダウンロード"],
    /// Link copied to the clipboard.
    LinkCopied => ["Link copied to the clipboard.", "링크를 클립보드에 복사했습니다.", "リンクをクリップボードにコピーしました。"],
    /// Copy this link: {0}
    CopyThisLink => ["Copy this link: {0}", "이 링크를 복사하세요: {0}", "このリンクをコピーしてください: {0}"],
    /// Could not copy; the link is: {0}
    CouldNotCopy => ["Could not copy; the link is: {0}", "복사하지 못했습니다. 링크: {0}", "コピーできませんでした。リンク: {0}"],
    /// Downloaded circuit.svg.
    DownloadedSvg => ["Downloaded circuit.svg.", "circuit.svg를 내려받았습니다.", "circuit.svg をダウンロードしました。"],
    /// Downloaded circuit.png.
    DownloadedPng => ["Downloaded circuit.png.", "circuit.png를 내려받았습니다.", "circuit.png をダウンロードしました。"],

    // ---- code ------------------------------------------------------------------------------
    /// Code
    Code => ["Code", "코드", "コード"],
    /// cs231n staged code
    CodeStaged => ["cs231n staged code", "cs231n 단계별 코드", "cs231n の段階的なコード"],
    /// Layer objects (Deep Learning from Scratch)
    CodeLayers => [
        "Layer objects (Deep Learning from Scratch)",
        "계층 객체 (밑바닥부터 시작하는 딥러닝)",
        "レイヤオブジェクト(ゼロから作るDeep Learning)"
    ],
    /// Each line is one step of the animation; click a line to select its gate.
    CodeNote => [
        "Each line is one step of the animation; click a line to select its gate.",
        "각 줄이 애니메이션의 한 단계입니다. 줄을 클릭하면 해당 게이트가 선택됩니다.",
        "各行がアニメーションの1ステップです。行をクリックするとそのゲートが選択されます。"
    ],
    /// Copy code
    CopyCode => ["Copy code", "코드 복사", "コードをコピー"],

    // ---- fork ------------------------------------------------------------------------------
    /// Why += at forks?
    ForkHeading => ["Why += at forks?", "분기에서는 왜 +=일까?", "分岐ではなぜ += なのか"],
    /// Assign (=) instead of adding (+=)
    ForkToggle => ["Assign (=) instead of adding (+=)", "더하기(+=) 대신 대입(=)하기", "加算(+=)の代わりに代入(=)する"],
    /// The fork lesson's note.
    ForkNote => [
        "A value that feeds several gates gets a gradient from each of them, and the chain rule adds them up. Assigning keeps only the last one.",
        "여러 게이트로 들어가는 값은 게이트마다 기울기를 하나씩 받고, 연쇄 법칙에 따라 이를 모두 더합니다. 대입하면 마지막 하나만 남습니다.",
        "複数のゲートに入る値はゲートごとに勾配を受け取り、連鎖律によってそれらを足し合わせます。代入すると最後の一つしか残りません。"
    ],
    /// with +=
    ForkRight => ["with +=", "+= 사용", "+= の場合"],
    /// with =
    ForkAssigned => ["with =", "= 사용", "= の場合"],
    /// difference
    ForkDifference => ["difference", "차이", "差"],
    /// This circuit has no fork: = and += give the same gradients here.
    ForkNone => [
        "This circuit has no fork: = and += give the same gradients here.",
        "이 회로에는 분기가 없습니다. 여기서는 =와 +=가 같은 기울기를 줍니다.",
        "この回路には分岐がありません。ここでは = と += で同じ勾配になります。"
    ],

    // ---- quiz ------------------------------------------------------------------------------
    /// Quiz
    Quiz => ["Quiz", "퀴즈", "クイズ"],
    /// Start the quiz
    QuizStart => ["Start the quiz", "퀴즈 시작", "クイズを始める"],
    /// Leave the quiz
    QuizStop => ["Leave the quiz", "퀴즈 끝내기", "クイズを終える"],
    /// Fill in the gradients wire by wire, from the output backward.
    QuizIntro => [
        "Fill in the gradients wire by wire, from the output backward.",
        "출력에서부터 거꾸로, 선 하나씩 기울기를 채워 넣으세요.",
        "出力から逆向きに、ワイヤーごとに勾配を埋めていきましょう。"
    ],
    /// The gradient on {0}: d{1}/d{0} = ?
    QuizPrompt => ["The gradient on {0}: d{1}/d{0} = ?", "{0}의 기울기: d{1}/d{0} = ?", "{0} の勾配: d{1}/d{0} = ?"],
    /// Your answer
    QuizAnswer => ["Your answer", "답", "答え"],
    /// Check
    QuizCheck => ["Check", "확인", "答え合わせ"],
    /// Show the answer
    QuizReveal => ["Show the answer", "정답 보기", "答えを見る"],
    /// Right!
    QuizRight => ["Right!", "정답입니다!", "正解!"],
    /// Not yet.
    QuizWrong => ["Not yet.", "아직 아닙니다.", "まだ違います。"],
    /// The reply to text that is not a number.
    QuizNotANumber => [
        "Type a number, like -4, 0.5, .5 or 1e-3. This try does not count.",
        "-4, 0.5, .5, 1e-3처럼 수를 입력하세요. 이번 입력은 시도 횟수에 세지 않습니다.",
        "-4、0.5、.5、1e-3 のように数を入力してください。今回の入力は回数に数えません。"
    ],
    /// Done: {0} of {1} right on the first try, {2} answers in all.
    QuizFinished => [
        "Done: {0} of {1} right on the first try, {2} answers in all.",
        "완료: {1}개 중 {0}개를 한 번에 맞혔습니다. 전체 답 {2}번.",
        "完了: {1} 問中 {0} 問を1回目で正解、解答は全部で {2} 回。"
    ],
    /// Score
    QuizScore => ["Score", "점수", "スコア"],
    /// The end of a sentence followed by another: ". " (Japanese: "。", no space).
    SentenceStop => [". ", ". ", "。"],
    /// {0} is the output: d{0}/d{0} = 1.
    HintOutput => ["{0} is the output: d{0}/d{0} = 1.", "{0}은(는) 출력입니다: d{0}/d{0} = 1.", "{0} は出力です: d{0}/d{0} = 1。"],
    /// {0} feeds the {1} gate: upstream d{2} = {3} times local ∂{2}/∂{0} = {4}
    HintEdge => [
        "{0} feeds the {1} gate: upstream d{2} = {3} times local ∂{2}/∂{0} = {4}",
        "{0}은(는) {1} 게이트로 들어갑니다: 상류 기울기 d{2} = {3} × 국소 기울기 ∂{2}/∂{0} = {4}",
        "{0} は {1} ゲートに入ります: 上流の勾配 d{2} = {3} × 局所勾配 ∂{2}/∂{0} = {4}"
    ],
    /// {0} feeds {1} gates: add up what each one sends back (+=).
    HintFork => [
        "{0} feeds {1} gates: add up what each one sends back (+=).",
        "{0}은(는) {1}개의 게이트로 들어가므로, 각 게이트가 돌려보내는 값을 모두 더합니다(+=).",
        "{0} は {1} 個のゲートに入るので、それぞれから戻ってくる値を足し合わせます(+=)。"
    ],
    /// add distributes: every input gets the upstream gradient unchanged
    PatternDistributes => [
        "add distributes: every input gets the upstream gradient unchanged",
        "덧셈은 분배합니다: 모든 입력이 상류 기울기를 그대로 받습니다",
        "加算は分配する: すべての入力が上流の勾配をそのまま受け取る"
    ],
    /// max routes: the whole gradient goes to the input that won, the other gets 0
    PatternRoutes => [
        "max routes: the whole gradient goes to the input that won, the other gets 0",
        "max는 길을 골라 줍니다: 기울기 전체가 이긴 입력으로 가고, 다른 입력은 0을 받습니다",
        "max は振り分ける: 勾配はすべて勝った入力へ流れ、もう一方は 0 になる"
    ],
    /// mul switches: each input's local gradient is the other input's value
    PatternSwitches => [
        "mul switches: each input's local gradient is the other input's value",
        "곱셈은 맞바꿉니다: 각 입력의 국소 기울기는 다른 입력의 값입니다",
        "乗算は入れ替える: 各入力の局所勾配はもう一方の入力の値になる"
    ],
    /// chain rule: upstream gradient times this gate's local gradient
    PatternLocal => [
        "chain rule: upstream gradient times this gate's local gradient",
        "연쇄 법칙: 상류 기울기 × 이 게이트의 국소 기울기",
        "連鎖律: 上流の勾配 × このゲートの局所勾配"
    ],

    // ---- train -----------------------------------------------------------------------------
    /// Train
    Train => ["Train", "학습", "学習"],
    /// A neuron that learns
    TrainHeading => ["A neuron that learns", "학습하는 뉴런", "学習するニューロン"],
    /// The training panel's note.
    TrainNote => [
        "A sigmoid neuron p = σ(w0·x0 + w1·x1 + b) learns to tell the two classes apart: each step moves w0, w1 and b against the gradient of the mean cross-entropy loss over all points.",
        "시그모이드 뉴런 p = σ(w0·x0 + w1·x1 + b)가 두 클래스를 구분하도록 학습합니다. 스텝마다 모든 점에 대한 평균 교차 엔트로피 손실의 기울기 반대 방향으로 w0, w1, b를 움직입니다.",
        "シグモイドニューロン p = σ(w0·x0 + w1·x1 + b) が2つのクラスを見分けるように学習します。各ステップで、全データ点の平均交差エントロピー損失の勾配と逆向きに w0、w1、b を動かします。"
    ],
    /// Train one step
    TrainStep => ["Train one step", "한 스텝 학습", "1ステップ学習"],
    /// Train 50 steps
    TrainRun => ["Train 50 steps", "50스텝 학습", "50ステップ学習"],
    /// Reset the neuron
    TrainReset => ["Reset the neuron", "뉴런 초기화", "ニューロンをリセット"],
    /// Learning rate
    LearningRate => ["Learning rate", "학습률", "学習率"],
    /// Loss
    Loss => ["Loss", "손실", "損失"],
    /// step {0}: loss {1}
    TrainStatus => ["step {0}: loss {1}", "{0}번째 스텝: 손실 {1}", "ステップ {0}: 損失 {1}"],
    /// class 0
    Class0 => ["class 0", "클래스 0", "クラス 0"],
    /// class 1
    Class1 => ["class 1", "클래스 1", "クラス 1"],
    /// decision boundary (p = 0.5)
    DecisionBoundary => ["decision boundary (p = 0.5)", "결정 경계 (p = 0.5)", "決定境界(p = 0.5)"],
    /// Open this point as a circuit
    OpenPoint => ["Open this point as a circuit", "이 점을 회로로 열기", "このデータ点を回路で開く"],
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys whose text is the same in every language: formulas and symbols.
    const SAME_EVERYWHERE: &[Key] = &[Key::ExampleFxyz, Key::H, Key::ColForwardDifference];
    /// Punctuation, which follows each language's script: Korean writes ". " as English
    /// does, Japanese "。".
    const PUNCTUATION: &[(Key, [&str; 3])] = &[(Key::SentenceStop, [". ", ". ", "。"])];

    #[test]
    fn every_key_has_text_in_every_language() {
        assert!(Key::ALL.len() > 100);
        for &key in Key::ALL {
            for lang in Lang::ALL {
                assert!(!t(lang, key).trim().is_empty(), "{key:?} in {lang:?}");
            }
        }
    }

    #[test]
    fn translations_differ_from_english_except_symbols() {
        for &(key, texts) in PUNCTUATION {
            assert_eq!(Lang::ALL.map(|lang| t(lang, key)), texts);
        }
        for &key in Key::ALL.iter().filter(|k| !PUNCTUATION.iter().any(|p| p.0 == **k)) {
            let en = t(Lang::En, key);
            for lang in [Lang::Ko, Lang::Ja] {
                let same = t(lang, key) == en;
                assert_eq!(same, SAME_EVERYWHERE.contains(&key), "{key:?} in {lang:?}: {:?}", t(lang, key));
            }
        }
    }

    #[test]
    fn translations_keep_their_markers() {
        // A template's markers must all survive translation, or a number goes missing.
        for &key in Key::ALL {
            for d in 0..10u8 {
                let marker = ['{', char::from(b'0' + d), '}'].iter().collect::<String>();
                let en = t(Lang::En, key).contains(&marker);
                for lang in [Lang::Ko, Lang::Ja] {
                    assert_eq!(t(lang, key).contains(&marker), en, "{key:?} {marker} in {lang:?}");
                }
            }
        }
    }

    #[test]
    fn korean_and_japanese_use_the_standard_terms() {
        assert!(t(Lang::Ko, Key::Title).contains("역전파"));
        assert!(t(Lang::Ja, Key::Title).contains("誤差逆伝播法"));
        assert!(t(Lang::Ko, Key::NarrateForward).contains("순전파"));
        assert!(t(Lang::Ja, Key::NarrateForward).contains("順伝播"));
        assert!(t(Lang::Ko, Key::ChainRule) == "연쇄 법칙" && t(Lang::Ja, Key::ChainRule) == "連鎖律");
        assert!(t(Lang::Ko, Key::ColGradient) == "기울기" && t(Lang::Ja, Key::ColGradient) == "勾配");
    }

    #[test]
    fn parse_language_tags() {
        for (tag, want) in [
            ("en", Some(Lang::En)),
            ("en-US", Some(Lang::En)),
            ("EN-gb", Some(Lang::En)),
            ("ko", Some(Lang::Ko)),
            ("ko-KR", Some(Lang::Ko)),
            ("ja", Some(Lang::Ja)),
            ("ja-JP", Some(Lang::Ja)),
            ("ja_JP", Some(Lang::Ja)),
            (" ko ", Some(Lang::Ko)),
            ("fr-FR", None),
            ("kor", None),
            ("j", None),
            ("", None),
            ("-ko", None),
        ] {
            assert_eq!(Lang::parse(tag), want, "{tag:?}");
        }
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
        }
    }

    #[test]
    fn browser_preference_order() {
        let langs = |tags: &[&str]| tags.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(Lang::from_browser(&langs(&["fr-FR", "ja-JP", "ko-KR"])), Lang::Ja);
        assert_eq!(Lang::from_browser(&langs(&["ko", "en-US"])), Lang::Ko);
        assert_eq!(Lang::from_browser(&langs(&["de", "fr"])), Lang::En);
        assert_eq!(Lang::from_browser(&[]), Lang::En);
    }

    #[test]
    fn fill_replaces_markers() {
        assert_eq!(fill("{0} = {1}", &["f", "-12"]), "f = -12");
        assert_eq!(fill("d{0}/d{0} = 1", &["f"]), "df/df = 1");
        assert_eq!(fill("{1}단계 중 {0}단계", &["3", "12"]), "12단계 중 3단계");
        // Braces that are not markers, and markers without an argument, stay.
        assert_eq!(fill("{x} {2} {", &["a"]), "{x} {2} {");
        assert_eq!(fill("", &[]), "");
    }
}
