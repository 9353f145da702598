using System.Globalization;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Rules;

/// <summary>
/// The small Perl expression language shared by <c>if</c> conditions and <c>meta</c> rules: numbers, names,
/// <c>f(Arg)</c> calls, unary <c>! - +</c>, <c>* / + -</c>, comparisons, <c>^ &amp;&amp; ||</c> and <c>?:</c>,
/// with Perl's precedence and Perl's value semantics (<c>&amp;&amp;</c>/<c>||</c> yield an operand, not a boolean).
/// Tokens are split exactly like SpamAssassin's ARITH_EXPRESSION_LEXER.
/// </summary>
public abstract class PerlExpression
{
    private static readonly Regex Lexer = new(
        @"[\-\+\d\.]+|\w[\w:]*|[()]|\|\||&&|\^|!(?!=)|>=?|<=?|==|!=|[+\-*/]|[?:]",
        RegexOptions.CultureInvariant);

    /// <summary>Splits an expression into tokens; characters the lexer does not know are dropped, as in Perl.</summary>
    public static List<string> Tokenize(string text) =>
        Lexer.Matches(text).Select(m => m.Value).ToList();

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> on a syntax error.</summary>
    public static PerlExpression Parse(string text) => Parse(Tokenize(text));

    public static PerlExpression Parse(IReadOnlyList<string> tokens)
    {
        var parser = new Parser(tokens);
        var expression = parser.ParseTernary();
        if (!parser.AtEnd) throw new FormatException($"unexpected '{parser.Peek}'");
        return expression;
    }

    /// <summary>Evaluates with <paramref name="name"/> giving the value of a bare name and <paramref name="call"/> of f(Arg).</summary>
    public abstract double Evaluate(Func<string, double> name, Func<string, string, double> call);

    /// <summary>Every bare name the expression reads (rule names in a meta rule).</summary>
    public IEnumerable<string> Names()
    {
        var names = new List<string>();
        CollectNames(names);
        return names;
    }

    internal abstract void CollectNames(List<string> names);

    /// <summary>Compiles to a flat program over name indices (<see cref="MetaProgram"/>), for meta rules evaluated once per message.</summary>
    public Func<double[], double> Compile(Func<string, int> indexOf)
    {
        var builder = new MetaProgram.Builder(indexOf);
        Emit(builder);
        return builder.Build().Evaluate;
    }

    internal abstract void Emit(MetaProgram.Builder program);

    private static bool Truth(double v) => v != 0 && !double.IsNaN(v);

    private sealed class Number(double value) : PerlExpression
    {
        public override double Evaluate(Func<string, double> name, Func<string, string, double> call) => value;
        internal override void CollectNames(List<string> names) { }
        internal override void Emit(MetaProgram.Builder program) => program.Constant(value);
    }

    private sealed class Name(string name) : PerlExpression
    {
        public override double Evaluate(Func<string, double> resolve, Func<string, string, double> call) => resolve(name);
        internal override void CollectNames(List<string> names) => names.Add(name);

        internal override void Emit(MetaProgram.Builder program) => program.Name(program.IndexOf(name));

        /// <summary>The rule index of this name when it is one, else -1.</summary>
        internal int IndexIn(MetaProgram.Builder program) => program.IndexOf(name);
    }

    private sealed class Call(string function, string argument) : PerlExpression
    {
        public override double Evaluate(Func<string, double> name, Func<string, string, double> call) => call(function, argument);
        internal override void CollectNames(List<string> names) { }
        internal override void Emit(MetaProgram.Builder program) => program.Constant(0);
    }

    private sealed class Unary(string op, PerlExpression operand) : PerlExpression
    {
        public override double Evaluate(Func<string, double> name, Func<string, string, double> call) =>
            Apply(op, operand.Evaluate(name, call));

        internal override void CollectNames(List<string> names) => operand.CollectNames(names);

        internal override void Emit(MetaProgram.Builder program)
        {
            operand.Emit(program);
            if (op == "!") program.Unary(MetaProgram.Op.Not);
            else if (op == "-") program.Unary(MetaProgram.Op.Negate);
        }

        private static double Apply(string op, double v) => op switch
        {
            "!" => Truth(v) ? 0 : 1,
            "-" => -v,
            _ => v,
        };
    }

    private sealed class Binary(string op, PerlExpression left, PerlExpression right) : PerlExpression
    {
        public override double Evaluate(Func<string, double> name, Func<string, string, double> call)
        {
            double l = left.Evaluate(name, call);
            if (op == "&&") return Truth(l) ? right.Evaluate(name, call) : l;
            if (op == "||") return Truth(l) ? l : right.Evaluate(name, call);
            return Apply(op, l, right.Evaluate(name, call));
        }

        internal override void CollectNames(List<string> names)
        {
            left.CollectNames(names);
            right.CollectNames(names);
        }

        internal override void Emit(MetaProgram.Builder program)
        {
            left.Emit(program);
            if (op is "&&" or "||")
            {
                int jump = program.Jump(op == "&&" ? MetaProgram.Op.AndJump : MetaProgram.Op.OrJump);
                right.Emit(program);
                program.Land(jump);
                return;
            }
            if (op == "+" && right is Name name && program.TryAddName(name.IndexIn(program))) return;
            right.Emit(program);
            program.Binary(op switch
            {
                "+" => MetaProgram.Op.Add,
                "-" => MetaProgram.Op.Subtract,
                "*" => MetaProgram.Op.Multiply,
                "/" => MetaProgram.Op.Divide,
                "<" => MetaProgram.Op.Less,
                ">" => MetaProgram.Op.Greater,
                "<=" => MetaProgram.Op.LessOrEqual,
                ">=" => MetaProgram.Op.GreaterOrEqual,
                "==" => MetaProgram.Op.Equal,
                "!=" => MetaProgram.Op.NotEqual,
                "^" => MetaProgram.Op.Xor,
                _ => throw new InvalidOperationException(op),
            });
        }

        private static double Apply(string op, double l, double r) => op switch
        {
            "+" => l + r,
            "-" => l - r,
            "*" => l * r,
            // Perl dies on division by zero; SpamAssassin then treats the meta as not hitting.
            "/" => r == 0 ? 0 : l / r,
            "<" => l < r ? 1 : 0,
            ">" => l > r ? 1 : 0,
            "<=" => l <= r ? 1 : 0,
            ">=" => l >= r ? 1 : 0,
            "==" => l == r ? 1 : 0,
            "!=" => l != r ? 1 : 0,
            "^" => (long)l ^ (long)r,
            _ => throw new InvalidOperationException(op),
        };
    }

    private sealed class Ternary(PerlExpression condition, PerlExpression then, PerlExpression otherwise) : PerlExpression
    {
        public override double Evaluate(Func<string, double> name, Func<string, string, double> call) =>
            Truth(condition.Evaluate(name, call)) ? then.Evaluate(name, call) : otherwise.Evaluate(name, call);

        internal override void CollectNames(List<string> names)
        {
            condition.CollectNames(names);
            then.CollectNames(names);
            otherwise.CollectNames(names);
        }

        internal override void Emit(MetaProgram.Builder program)
        {
            condition.Emit(program);
            int toOtherwise = program.Jump(MetaProgram.Op.FalseJump);
            int depth = program.Depth;
            then.Emit(program);
            int toEnd = program.Jump(MetaProgram.Op.Jump);
            program.Land(toOtherwise);
            program.SetDepth(depth);
            otherwise.Emit(program);
            program.Land(toEnd);
        }
    }

    /// <summary>Recursive descent over Perl's precedence levels, lowest first.</summary>
    private sealed class Parser(IReadOnlyList<string> tokens)
    {
        private int position;

        public bool AtEnd => position >= tokens.Count;
        public string? Peek => AtEnd ? null : tokens[position];

        private string Next() => !AtEnd ? tokens[position++] : throw new FormatException("unexpected end of expression");

        private bool Accept(string token)
        {
            if (Peek != token) return false;
            position++;
            return true;
        }

        public PerlExpression ParseTernary()
        {
            var condition = ParseLevel(0);
            if (!Accept("?")) return condition;
            var then = ParseTernary();
            if (!Accept(":")) throw new FormatException("missing ':' in ?:");
            return new Ternary(condition, then, ParseTernary());
        }

        private static readonly string[][] Levels =
        [
            ["||"], ["&&"], ["^"], ["==", "!="], ["<", ">", "<=", ">="], ["+", "-"], ["*", "/"],
        ];

        private PerlExpression ParseLevel(int level)
        {
            if (level == Levels.Length) return ParseUnary();
            var left = ParseLevel(level + 1);
            while (Peek is { } op && Array.IndexOf(Levels[level], op) >= 0)
            {
                position++;
                left = new Binary(op, left, ParseLevel(level + 1));
            }
            return left;
        }

        private int depth;

        private PerlExpression ParseUnary()
        {
            // Bounded recursion: a hostile expression must not exhaust the stack.
            if (++depth > MaximumNesting) throw new FormatException("expression nested too deeply");
            try
            {
                if (Peek is "!" or "-" or "+")
                {
                    string op = Next();
                    return new Unary(op, ParseUnary());
                }
                return ParsePrimary();
            }
            finally
            {
                depth--;
            }
        }

        private const int MaximumNesting = 200;

        private PerlExpression ParsePrimary()
        {
            string token = Next();
            if (token == "(")
            {
                if (Accept(")")) return new Number(0);
                var inner = ParseTernary();
                if (!Accept(")")) throw new FormatException("missing ')'");
                return inner;
            }
            if (char.IsAsciiDigit(token[0]) || token[0] is '.' or '-' or '+')
            {
                if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                    throw new FormatException($"bad number '{token}'");
                return new Number(value);
            }
            if (char.IsLetterOrDigit(token[0]) || token[0] == '_')
            {
                if (Peek == "(" && position + 2 < tokens.Count && tokens[position + 2] == ")" &&
                    IsWord(tokens[position + 1]))
                {
                    string argument = tokens[position + 1];
                    position += 3;
                    return new Call(token, argument);
                }
                return new Name(token);
            }
            throw new FormatException($"unexpected '{token}'");
        }

        private static bool IsWord(string token) => char.IsLetterOrDigit(token[0]) || token[0] == '_';
    }
}
