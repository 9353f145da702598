namespace Spamd.Engine.Rules;

/// <summary>
/// A meta expression compiled to a flat stack program: one array walk per evaluation instead of a call per
/// node (the stock metas have ~9,600 nodes, sums of up to 121 rules). Same values as
/// <see cref="PerlExpression.Evaluate"/>: Perl's operand-yielding <c>&amp;&amp;</c>/<c>||</c>, left-to-right
/// arithmetic, division by zero giving 0.
/// </summary>
internal sealed class MetaProgram
{
    internal enum Op
    {
        /// <summary>Push values[operand].</summary>
        Name,
        /// <summary>Push constants[operand].</summary>
        Constant,
        /// <summary>top += values[operand] (the common "... + RULE").</summary>
        AddName,
        Not,
        Negate,
        Add, Subtract, Multiply, Divide, Less, Greater, LessOrEqual, GreaterOrEqual, Equal, NotEqual, Xor,
        /// <summary>&amp;&amp;: a false top is the result (jump to operand), else it is dropped.</summary>
        AndJump,
        /// <summary>||: a true top is the result (jump to operand), else it is dropped.</summary>
        OrJump,
        /// <summary>?: pops the condition; false jumps to operand (the else branch).</summary>
        FalseJump,
        Jump,
    }

    private const int MaxStackAlloc = 64;

    private readonly Op[] ops;
    private readonly int[] operands;
    private readonly double[] constants;
    private readonly int stackSize;

    internal MetaProgram(Op[] ops, int[] operands, double[] constants, int stackSize)
    {
        this.ops = ops;
        this.operands = operands;
        this.constants = constants;
        this.stackSize = stackSize;
    }

    public double Evaluate(double[] values)
    {
        Span<double> stack = stackSize <= MaxStackAlloc ? stackalloc double[stackSize] : new double[stackSize];
        int top = -1;
        var ops = this.ops;
        var operands = this.operands;
        for (int pc = 0; pc < ops.Length; pc++)
        {
            switch (ops[pc])
            {
                case Op.Name: stack[++top] = values[operands[pc]]; break;
                case Op.Constant: stack[++top] = constants[operands[pc]]; break;
                case Op.AddName: stack[top] += values[operands[pc]]; break;
                case Op.Not: stack[top] = Truth(stack[top]) ? 0 : 1; break;
                case Op.Negate: stack[top] = -stack[top]; break;
                case Op.AndJump:
                    if (!Truth(stack[top])) pc = operands[pc] - 1;
                    else top--;
                    break;
                case Op.OrJump:
                    if (Truth(stack[top])) pc = operands[pc] - 1;
                    else top--;
                    break;
                case Op.FalseJump:
                    if (!Truth(stack[top--])) pc = operands[pc] - 1;
                    break;
                case Op.Jump: pc = operands[pc] - 1; break;
                default:
                    double right = stack[top--];
                    stack[top] = Apply(ops[pc], stack[top], right);
                    break;
            }
        }
        return stack[0];
    }

    private static bool Truth(double v) => v != 0 && !double.IsNaN(v);

    private static double Apply(Op op, double l, double r) => op switch
    {
        Op.Add => l + r,
        Op.Subtract => l - r,
        Op.Multiply => l * r,
        // Perl dies on division by zero; SpamAssassin then treats the meta as not hitting.
        Op.Divide => r == 0 ? 0 : l / r,
        Op.Less => l < r ? 1 : 0,
        Op.Greater => l > r ? 1 : 0,
        Op.LessOrEqual => l <= r ? 1 : 0,
        Op.GreaterOrEqual => l >= r ? 1 : 0,
        Op.Equal => l == r ? 1 : 0,
        Op.NotEqual => l != r ? 1 : 0,
        Op.Xor => (long)l ^ (long)r,
        _ => throw new InvalidOperationException(op.ToString()),
    };

    /// <summary>Collects a program while the expression tree emits itself.</summary>
    internal sealed class Builder(Func<string, int> indexOf)
    {
        private readonly List<Op> ops = [];
        private readonly List<int> operands = [];
        private readonly List<double> constants = [];
        private int depth, maxDepth;

        public int IndexOf(string name) => indexOf(name);

        public int Position => ops.Count;

        public void Name(int index)
        {
            if (index < 0) Constant(0);
            else Emit(Op.Name, index, +1);
        }

        public void Constant(double value)
        {
            constants.Add(value);
            Emit(Op.Constant, constants.Count - 1, +1);
        }

        /// <summary>"left + NAME": the name is added in place (same order and value as Add).</summary>
        public bool TryAddName(int index)
        {
            if (index < 0) return false;
            Emit(Op.AddName, index, 0);
            return true;
        }

        public void Unary(Op op) => Emit(op, 0, 0);

        public void Binary(Op op) => Emit(op, 0, -1);

        /// <summary>Emits a jump whose target is set later with <see cref="Land"/>.</summary>
        public int Jump(Op op) => Emit(op, -1, op is Op.Jump ? 0 : -1);

        public void Land(int jump) => operands[jump] = ops.Count;

        /// <summary>After a ?: branch or a short-circuit, the stack depth is that of the other path.</summary>
        public void SetDepth(int value) => depth = value;

        public int Depth => depth;

        private int Emit(Op op, int operand, int stackChange)
        {
            ops.Add(op);
            operands.Add(operand);
            depth += stackChange;
            maxDepth = Math.Max(maxDepth, depth);
            return ops.Count - 1;
        }

        public MetaProgram Build() => new([.. ops], [.. operands], [.. constants], Math.Max(1, maxDepth));
    }
}
