using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace Wheelhouse.PyPI.LocalIndex;

/// <summary>
/// Answers in PyPI's style for the upload API: the message in the status line's reason phrase (warehouse's
/// "crappy old API" passes messages that way, and twine prints it) and again in a small HTML body.
/// </summary>
internal static class Responses
{
    /// <param name="body">For a 200: warehouse's warnings, sent as the body; null: none.</param>
    public static async Task WriteStatusAsync(HttpContext context, int status, string message, IReadOnlyDictionary<string, string>? headers = null, string? body = null)
    {
        var response = context.Response;
        response.StatusCode = status;
        var reason = ReasonPhrase(message);
        if (context.Features.Get<IHttpResponseFeature>() is { } feature)
            feature.ReasonPhrase = reason;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            response.Headers[name] = value;
        if (status == 200 && message == "OK")
        {
            var text = Encoding.UTF8.GetBytes(body ?? "");
            response.ContentLength = text.Length;
            if (text.Length > 0)
            {
                response.ContentType = "text/plain; charset=UTF-8";
                await response.Body.WriteAsync(text, context.RequestAborted);
            }

            return;
        }

        var title = $"{status} {ReasonPhrases.GetReasonPhrase(status)}";
        var html = $"""
            <html>
             <head>
              <title>{WebUtility.HtmlEncode(title)}</title>
             </head>
             <body>
              <h1>{WebUtility.HtmlEncode(title)}</h1>
              {WebUtility.HtmlEncode(message)}
             </body>
            </html>

            """;
        var bytes = Encoding.UTF8.GetBytes(html);
        response.ContentType = "text/html; charset=UTF-8";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    /// <summary>A reason phrase must be one line of printable ASCII (warehouse replaces what iso-8859-1 cannot encode with '?'; Kestrel writes ASCII).</summary>
    public static string ReasonPhrase(string message)
    {
        var builder = new StringBuilder(message.Length);
        foreach (var c in message)
            builder.Append(c is '\r' or '\n' or '\t' ? ' ' : c < 32 || c > 126 ? '?' : c);
        return builder.ToString();
    }
}
