using Microsoft.AspNetCore.SignalR.Client;

namespace Zumodra.Tests.Infrastructure;

public static class TolerantHubConnection
{
    /// <summary>
    /// Lets a test client wait out a starved machine. While a fresh server compiles its handlers on two busy cores it can
    /// stay silent longer than SignalR's defaults allow (15 s for the handshake, 30 s without a keep-alive), and the
    /// client would close its connection itself, quietly: the test would then see pushes go missing that the server sent.
    /// </summary>
    public static HubConnection Tolerant(this HubConnection connection)
    {
        connection.HandshakeTimeout = TimeSpan.FromSeconds(60);
        connection.ServerTimeout = TimeSpan.FromMinutes(3);
        return connection;
    }
}
