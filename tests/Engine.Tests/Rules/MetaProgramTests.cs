using Spamd.Engine.Rules;
using Xunit;

namespace Spamd.Engine.Tests.Rules;

/// <summary>The compiled meta program must give exactly the tree evaluator's value, for every operator and value.</summary>
public class MetaProgramTests
{
    private static readonly string[] Names = ["A", "B", "C", "D"];

    [Theory]
    [InlineData("A")]
    [InlineData("A + B + C + D")]
    [InlineData("A + 2 * B - C / D")]
    [InlineData("(A + B + C) >= 2")]
    [InlineData("A && B")]
    [InlineData("A || B && !C")]
    [InlineData("(A || B) && (C || D)")]
    [InlineData("!(A && B) || -C")]
    [InlineData("A ? B + 1 : C ? D : 5")]
    [InlineData("(A ? B : C) + (D ? 2 : 3) * 4")]
    [InlineData("A / B")]
    [InlineData("A ^ B ^ 3")]
    [InlineData("A == B || A != C && B < C || C > D || A <= D && B >= A")]
    [InlineData("UNKNOWN + A || NOPE")]
    [InlineData("check(X) + A")]
    [InlineData("((((A))))")]
    [InlineData("- - A + + B")]
    [InlineData("A && B && C && D && 7")]
    [InlineData("A || B || C || D || 0")]
    [InlineData("()")]
    public void Compiled_program_equals_tree_evaluation(string text)
    {
        var expression = PerlExpression.Parse(text);
        var program = expression.Compile(name => Array.IndexOf(Names, name));
        double[] choices = [0, 1, 2, 0.5, -1, double.NaN];
        var values = new double[Names.Length];
        for (int combination = 0; combination < Math.Pow(choices.Length, Names.Length); combination++)
        {
            int rest = combination;
            for (int i = 0; i < values.Length; i++, rest /= choices.Length) values[i] = choices[rest % choices.Length];
            double expected = expression.Evaluate(name => Array.IndexOf(Names, name) is var index and >= 0 ? values[index] : 0, (_, _) => 0);
            double actual = program(values);
            Assert.True(expected.Equals(actual), $"{text} with [{string.Join(", ", values)}]: tree {expected}, program {actual}");
        }
    }

    [Fact]
    public void Deep_expressions_use_a_heap_stack()
    {
        // Right-nested sums keep every operand on the stack: more than the program's stack-allocated room.
        string text = string.Join(" + (", Enumerable.Repeat("A", 100)) + new string(')', 99);
        var program = PerlExpression.Parse(text).Compile(name => name == "A" ? 0 : -1);
        Assert.Equal(200, program([2]));
    }
}
