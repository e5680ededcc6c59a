using System.Net;

namespace Wheelhouse.PyPI.Tests.LocalIndex;

/// <summary>Each fault of the plan, observed with a plain HttpClient.</summary>
public sealed class FaultPlanTests
{
    private static async Task<HttpResponseMessage> UploadAsync(TestIndex index, TestDist dist, TimeSpan? timeout = null)
    {
        using var client = index.Client(timeout);
        return await client.SendAsync(UploadRequest.For(index.Upload, dist));
    }

    private static async Task<bool> ListedAsync(TestIndex index, TestDist dist)
    {
        using var client = index.Client();
        using var response = await client.GetAsync("simple/" + dist.Name + "/");
        return response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains(dist.FileName);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task FailNext_answers_the_next_uploads_with_the_status_then_the_index_works_again(int status)
    {
        await using var index = await TestIndex.StartAsync();
        var wheel = TestDist.Wheel("demo-pkg", "1.0");
        index.Server.Faults.FailNext(3, status);

        for (var i = 0; i < 3; i++)
            ((int)(await UploadAsync(index, wheel)).StatusCode).Should().Be(status);
        (await ListedAsync(index, wheel)).Should().BeFalse("a failed upload stores nothing");
        (await UploadAsync(index, wheel)).StatusCode.Should().Be(HttpStatusCode.OK);

        index.Server.Faults.Pending.Should().Be(0);
        index.Server.Uploads.Select(u => u.StatusCode).Should().Equal(status, status, status, 200);
        index.Server.Uploads.Take(3).Should().OnlyContain(u => u.Fault == $"fail {status}" && !u.Stored);
    }

    [Fact]
    public async Task FailNext_429_carries_Retry_After_in_seconds()
    {
        await using var index = await TestIndex.StartAsync();
        index.Server.Faults.FailNext(1, 429, TimeSpan.FromSeconds(7));

        using var response = await UploadAsync(index, TestDist.Wheel("demo-pkg", "1.0"));

        ((int)response.StatusCode).Should().Be(429);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task A_fault_scoped_to_another_path_leaves_uploads_alone()
    {
        await using var index = await TestIndex.StartAsync();
        var wheel = TestDist.Wheel("demo-pkg", "1.0");
        index.Server.Faults.FailNext(1, 503, pathPrefix: "/simple/");

        (await UploadAsync(index, wheel)).StatusCode.Should().Be(HttpStatusCode.OK);
        using var client = index.Client();
        (await client.GetAsync("simple/demo-pkg/")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await client.GetAsync("simple/demo-pkg/")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ResetConnectionMidBody_aborts_the_connection_and_stores_nothing()
    {
        await using var index = await TestIndex.StartAsync();
        var wheel = TestDist.Wheel("demo-pkg", "1.0");
        var big = TestDist.Wheel("demo-pkg", "1.0", salt: new string('x', 200_000));
        index.Server.Faults.ResetConnectionMidBody();

        var send = () => UploadAsync(index, big);

        await send.Should().ThrowAsync<HttpRequestException>();
        (await ListedAsync(index, big)).Should().BeFalse();
        index.Server.Uploads.Single().Fault.Should().Be("reset mid-body");
        (await UploadAsync(index, wheel)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DelayNext_holds_the_answer_past_the_client_timeout_while_the_upload_lands()
    {
        await using var index = await TestIndex.StartAsync();
        var wheel = TestDist.Wheel("demo-pkg", "1.0");
        (await UploadAsync(index, TestDist.Sdist("demo-pkg", "1.0"))).StatusCode.Should().Be(HttpStatusCode.OK, "a first upload warms the server up");
        index.Server.Faults.DelayNext(TimeSpan.FromMinutes(2));
        using var client = index.Client();
        using var giveUp = new CancellationTokenSource();

        var sending = client.SendAsync(UploadRequest.For(index.Upload, wheel), giveUp.Token);
        // The client gives up once the upload has landed (an event, not a guessed timeout), while the answer is still held.
        await Wait.UntilAsync(() => index.Server.Uploads.Count == 2, sending, "the server to record the second upload");
        sending.IsCompleted.Should().BeFalse("the answer is held back for two minutes");
        giveUp.Cancel();

        var send = () => sending;
        await send.Should().ThrowAsync<TaskCanceledException>();
        (await ListedAsync(index, wheel)).Should().BeTrue("the upload landed although the client gave up");
        (await UploadAsync(index, wheel)).StatusCode.Should().Be(HttpStatusCode.OK, "an identical re-upload is accepted");
        index.Server.Uploads[1].Fault.Should().StartWith("delay");
        index.Server.Uploads[1].Stored.Should().BeTrue();
    }

    [Fact]
    public async Task AcceptThenFail_stores_the_upload_and_answers_500()
    {
        await using var index = await TestIndex.StartAsync();
        var wheel = TestDist.Wheel("demo-pkg", "1.0");
        index.Server.Faults.AcceptThenFail();

        using var response = await UploadAsync(index, wheel);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await ListedAsync(index, wheel)).Should().BeTrue();
        index.Server.Uploads.Single().Stored.Should().BeTrue();
        (await UploadAsync(index, wheel)).StatusCode.Should().Be(HttpStatusCode.OK);
        index.Server.Uploads[^1].Stored.Should().BeFalse("the file was there already");
    }

    [Fact]
    public async Task Faults_apply_in_the_order_they_were_planned()
    {
        await using var index = await TestIndex.StartAsync();
        var wheel = TestDist.Wheel("demo-pkg", "1.0");
        index.Server.Faults.FailNext(1, 503);
        index.Server.Faults.FailNext(1, 500);

        ((int)(await UploadAsync(index, wheel)).StatusCode).Should().Be(503);
        ((int)(await UploadAsync(index, wheel)).StatusCode).Should().Be(500);
        ((int)(await UploadAsync(index, wheel)).StatusCode).Should().Be(200);
    }
}
