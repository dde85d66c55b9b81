# Richards-style operating-system simulation: a priority scheduler runs six tasks (idle,
# worker, two handlers, two devices) that pass work and device packets through queues, hold and
# release each other. Measures method calls, attribute access and linked-list manipulation.
# Self-check: the number of packets queued and of task holds, which for an idle count of 10000
# are the values Martin Richards' original benchmark prints (23246 and 9297).
import harness

META = {
    "name": "richards",
    "description": "OS task scheduler simulation: calls, attributes, linked lists",
    "in_geomean": True,
}
# Workload: how many complete simulations one iteration runs.
WORKLOADS = {"tiny": 1, "quick": 2, "full": 20}

IDLE_COUNT = 10000
EXPECTED_QUEUED = 23246
EXPECTED_HOLDS = 9297

ID_IDLE, ID_WORKER, ID_HANDLER_A, ID_HANDLER_B, ID_DEVICE_A, ID_DEVICE_B = range(6)
KIND_DEVICE, KIND_WORK = 0, 1
DATA_SIZE = 4

# Task state bits.
PACKET_PENDING = 1
WAITING = 2
HELD = 4


class Packet(object):
    def __init__(self, link, destination, kind):
        self.link = link
        self.destination = destination
        self.kind = kind
        self.counter = 0
        self.data = [0] * DATA_SIZE


def append_packet(queue, packet):
    """Append `packet` at the end of the list starting at `queue`; return the new head."""
    packet.link = None
    if queue is None:
        return packet
    last = queue
    while last.link is not None:
        last = last.link
    last.link = packet
    return queue


class Task(object):
    def __init__(self, system, ident, priority, queue, state):
        self.system = system
        self.ident = ident
        self.priority = priority
        self.queue = queue
        self.state = state
        self.next_task = system.task_list
        system.task_list = self
        system.tasks[ident] = self

    def blocked(self):
        return (self.state & HELD) != 0 or self.state == WAITING

    def take_packet_and_run(self):
        packet = None
        if self.state == PACKET_PENDING | WAITING:
            packet = self.queue
            self.queue = packet.link
            self.state = 0 if self.queue is None else PACKET_PENDING
        return self.step(packet)

    def receive(self, packet, sender):
        """Queue `packet` here; return the task that should run next."""
        if self.queue is None:
            self.queue = packet
            self.state |= PACKET_PENDING
            if self.priority > sender.priority:
                return self
        else:
            self.queue = append_packet(self.queue, packet)
        return sender


class IdleTask(Task):
    def __init__(self, system, count):
        Task.__init__(self, system, ID_IDLE, 0, None, 0)
        self.seed = 1
        self.count = count

    def step(self, packet):
        self.count -= 1
        if self.count == 0:
            return self.system.hold_current()
        if self.seed & 1 == 0:
            self.seed >>= 1
            return self.system.release(ID_DEVICE_A)
        self.seed = (self.seed >> 1) ^ 0xD008
        return self.system.release(ID_DEVICE_B)


class WorkerTask(Task):
    def __init__(self, system, queue):
        Task.__init__(self, system, ID_WORKER, 1000, queue, PACKET_PENDING | WAITING)
        self.target = ID_HANDLER_A
        self.letter = 0

    def step(self, packet):
        if packet is None:
            return self.system.wait_current()
        self.target = ID_HANDLER_B if self.target == ID_HANDLER_A else ID_HANDLER_A
        packet.destination = self.target
        packet.counter = 0
        for i in range(DATA_SIZE):
            self.letter += 1
            if self.letter > 26:
                self.letter = 1
            packet.data[i] = self.letter
        return self.system.send(packet)


class HandlerTask(Task):
    def __init__(self, system, ident, priority, queue):
        Task.__init__(self, system, ident, priority, queue, PACKET_PENDING | WAITING)
        self.work = None
        self.devices = None

    def step(self, packet):
        if packet is not None:
            if packet.kind == KIND_WORK:
                self.work = append_packet(self.work, packet)
            else:
                self.devices = append_packet(self.devices, packet)
        if self.work is not None:
            work = self.work
            position = work.counter
            if position < DATA_SIZE:
                if self.devices is not None:
                    device = self.devices
                    self.devices = device.link
                    device.counter = work.data[position]
                    work.counter = position + 1
                    return self.system.send(device)
            else:
                self.work = work.link
                return self.system.send(work)
        return self.system.wait_current()


class DeviceTask(Task):
    def __init__(self, system, ident, priority):
        Task.__init__(self, system, ident, priority, None, WAITING)
        self.pending = None

    def step(self, packet):
        if packet is None:
            if self.pending is None:
                return self.system.wait_current()
            pending = self.pending
            self.pending = None
            return self.system.send(pending)
        self.pending = packet
        return self.system.hold_current()


class System(object):
    def __init__(self):
        self.task_list = None
        self.tasks = [None] * 6
        self.current = None
        self.queued = 0
        self.holds = 0

    def hold_current(self):
        self.holds += 1
        self.current.state |= HELD
        return self.current.next_task

    def wait_current(self):
        self.current.state |= WAITING
        return self.current

    def release(self, ident):
        task = self.tasks[ident]
        task.state &= ~HELD
        if task.priority > self.current.priority:
            return task
        return self.current

    def send(self, packet):
        target = self.tasks[packet.destination]
        self.queued += 1
        packet.link = None
        packet.destination = self.current.ident
        return target.receive(packet, self.current)

    def schedule(self):
        task = self.task_list
        while task is not None:
            if task.blocked():
                task = task.next_task
            else:
                self.current = task
                task = task.take_packet_and_run()


def simulate():
    system = System()
    IdleTask(system, IDLE_COUNT)
    work = Packet(None, ID_WORKER, KIND_WORK)
    work = Packet(work, ID_WORKER, KIND_WORK)
    WorkerTask(system, work)
    for handler, device, priority in ((ID_HANDLER_A, ID_DEVICE_A, 2000),
                                      (ID_HANDLER_B, ID_DEVICE_B, 3000)):
        queue = None
        for _ in range(3):
            queue = Packet(queue, device, KIND_DEVICE)
        HandlerTask(system, handler, priority, queue)
    DeviceTask(system, ID_DEVICE_A, 4000)
    DeviceTask(system, ID_DEVICE_B, 5000)
    system.schedule()
    return (system.queued, system.holds)


def run(simulations):
    results = []
    for _ in range(simulations):
        results.append(simulate())
    return results


def check(simulations, results):
    harness.expect(len(results) == simulations, "wrong number of simulations")
    for queued, holds in results:
        harness.expect(queued == EXPECTED_QUEUED and holds == EXPECTED_HOLDS,
                       "queued %d holds %d, expected %d and %d"
                       % (queued, holds, EXPECTED_QUEUED, EXPECTED_HOLDS))


if __name__ == "__main__":
    harness.main(META, WORKLOADS, run, check)
