package io.dsm.benchmarks.grid;

import io.dsm.benchmarks.locks.Control;

/**
 * Node B of the grid benchmark: connects to A, then obeys its commands, one line each, until
 * {@code stop}. Every operation it is told to time is made and timed here.
 */
final class GridPeer
{
    private GridPeer()
    {
    }

    static void run(final Grid grid, final int controlPort, final int base) throws Exception
    {
        References.Echoes echoes = null;
        int records = 0;
        try (Control control = Control.connect(controlPort, 120_000, 600_000))
        {
            control.send("hello 1");
            while (true)
            {
                final String[] cmd = control.receive().split(" ");
                try
                {
                    switch (cmd[0])
                    {
                        case "attach":
                            records = Integer.parseInt(cmd[2]);
                            grid.attach(cmd[1], records);
                            control.send("ok");
                            break;
                        case "describe":
                            control.send(grid.describe());
                            break;
                        case "read":
                        {
                            final boolean remote = grid.willBeRemote(false);
                            final long start = System.nanoTime();
                            final long v = grid.readRecord();
                            final long ns = System.nanoTime() - start;
                            control.send(ns + " " + (remote ? 1 : 0) + " " + v);
                            break;
                        }
                        case "write":
                        {
                            final long v = Long.parseLong(cmd[1]);
                            final boolean remote = grid.willBeRemote(true);
                            final long start = System.nanoTime();
                            grid.writeRecord(v);
                            final long ns = System.nanoTime() - start;
                            control.send(ns + " " + (remote ? 1 : 0) + " " + v);
                            break;
                        }
                        case "turns":
                        {
                            final int rounds = Integer.parseInt(cmd[1]);
                            for (int i = 0; i < rounds; i++)
                            {
                                GridBenchmark.turnOnce(grid, 1);
                            }
                            control.send("done");
                            break;
                        }
                        case "execute":
                        {
                            final long start = System.nanoTime();
                            grid.plainExecute();
                            control.send(Long.toString(System.nanoTime() - start));
                            break;
                        }
                        case "mixed":
                            control.send(GridBenchmark.mixedRun(grid, records,
                                Long.parseLong(cmd[1]), Long.parseLong(cmd[2]), Long.parseLong(cmd[3]), Long.parseLong(cmd[4])).encode());
                            break;
                        case "mixed-note":
                            control.send(grid.mixedNote());
                            break;
                        case "stats":
                            control.send(GridBenchmark.stats(grid));
                            break;
                        case "references":
                            echoes = new References.Echoes(base); // dsm JVMs only: Aeron comes with the agent
                            control.send("ok");
                            break;
                        case "datagram-echo":
                        case "aeron-echo":
                        case "tuned-echo":
                            echoes.command(cmd);
                            control.send("ok");
                            break;
                        case "problems": // not "errors": a line starting with "error" reports a failed command
                            final String errors = grid.errors();
                            control.send(errors.isEmpty() ? "-" : errors);
                            break;
                        case "stop":
                            control.send("bye");
                            return;
                        default:
                            control.send("error unknown command " + cmd[0]);
                    }
                }
                catch (final RuntimeException ex)
                {
                    ex.printStackTrace();
                    control.send("error " + ex);
                }
            }
        }
        finally
        {
            if (echoes != null)
            {
                echoes.close();
            }
        }
    }
}
