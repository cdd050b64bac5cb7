<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>Ponder</name>
    <message>
      <source>  ·  at {when}</source>
      <translation>  ·  于 {when}</translation>
    </message>
    <message>
      <source> (click to open larger)</source>
      <translation>（点击放大）</translation>
    </message>
    <message>
      <source> (partial answer kept above)</source>
      <translation>（已保留上方的部分回答）</translation>
    </message>
    <message>
      <source> (text not shared)</source>
      <translation>（未公开文本）</translation>
    </message>
    <message>
      <source> (the model is told)</source>
      <translation>（会告知模型）</translation>
    </message>
    <message>
      <source> ({v1})</source>
      <translation>（{v1}）</translation>
    </message>
    <message>
      <source> s</source>
      <translation> 秒</translation>
    </message>
    <message>
      <source> · effort {effort}</source>
      <translation> · 推理强度 {effort}</translation>
    </message>
    <message>
      <source> · running</source>
      <translation> · 运行中</translation>
    </message>
    <message>
      <source> · temperature {temperature}</source>
      <translation> · 温度 {temperature}</translation>
    </message>
    <message>
      <source> · {note}</source>
      <translation> · {note}</translation>
    </message>
    <message>
      <source>"args" and "secrets" must be lists</source>
      <translation>“args”和“secrets”必须是列表</translation>
    </message>
    <message>
      <source>"args" is not a list</source>
      <translation>“args”不是列表</translation>
    </message>
    <message>
      <source>"properties" must be an object mapping each parameter to its schema</source>
      <translation>“properties”必须是把每个参数映射到其 Schema 的对象</translation>
    </message>
    <message>
      <source>"required" names parameters that are not in "properties": {missing}</source>
      <translation>“required”列出了“properties”中没有的参数：{missing}</translation>
    </message>
    <message>
      <source>"timeout_s" must be a number of seconds from 1 to 3600</source>
      <translation>“timeout_s”必须是 1 到 3600 之间的秒数</translation>
    </message>
    <message>
      <source>"{key}" is not an object</source>
      <translation>“{key}”不是对象</translation>
    </message>
    <message numerus="yes">
      <source>%n conversation(s)</source>
      <translation>
        <numerusform>%n 个对话</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n found</source>
      <translation>
        <numerusform>找到 %n 处</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n image token(s)</source>
      <translation>
        <numerusform>%n 个图片 token</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n image(s)</source>
      <translation>
        <numerusform>%n 张图片</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n message(s)</source>
      <translation>
        <numerusform>%n 条消息</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n model(s)</source>
      <translation>
        <numerusform>%n 个模型</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n more message(s) in other branches (earlier versions of an edited question, regenerated answers): the window shows them with ‹ ›; the JSON export keeps them all.</source>
      <translation>
        <numerusform>其他分支中还有 %n 条消息（编辑前的问题、重新生成的回答）：窗口中可用 ‹ › 查看；JSON 导出会全部保留。</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n reasoning token(s)</source>
      <translation>
        <numerusform>%n 个推理 token</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n skipped (there already, or nothing to import)</source>
      <translation>
        <numerusform>跳过 %n 个（已存在，或没有可导入的内容）</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n unknown</source>
      <translation>
        <numerusform>%n 个未知</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n word(s)</source>
      <translation>
        <numerusform>%n 个词</numerusform>
      </translation>
    </message>
    <message>
      <source>&amp;About Ponder</source>
      <translation>关于 Ponder(&amp;A)</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <source>&amp;Import conversation…</source>
      <translation>导入对话(&amp;I)…</translation>
    </message>
    <message>
      <source>&amp;Keyboard shortcuts</source>
      <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
      <source>&amp;New chat</source>
      <translation>新对话(&amp;N)</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>退出(&amp;Q)</translation>
    </message>
    <message>
      <source>&amp;Settings…</source>
      <translation>设置(&amp;S)…</translation>
    </message>
    <message>
      <source>'{effort}' is not offered</source>
      <translation>不提供“{effort}”</translation>
    </message>
    <message>
      <source>'{header}' is not a header name (letters, digits and - only)</source>
      <translation>“{header}”不是有效的请求头名称（只能用字母、数字和 -）</translation>
    </message>
    <message>
      <source>'{secret}' is not a secret Ponder can keep (env:NAME or header:Name)</source>
      <translation>“{secret}”不是 Ponder 能保存的密钥（应为 env:NAME 或 header:Name）</translation>
    </message>
    <message>
      <source>'{variable}' is not an environment variable name</source>
      <translation>“{variable}”不是有效的环境变量名</translation>
    </message>
    <message>
      <source>'{variable}' of '{name}' looks like a secret: settings are plain text, so its value goes in the keyring instead (mark it as a secret)</source>
      <translation>“{name}”的“{variable}”看起来像密钥：设置是纯文本文件，所以它的值应存入系统密钥环（请把它标记为密钥）</translation>
    </message>
    <message>
      <source>(Ponder's own)</source>
      <translation>（Ponder 自带）</translation>
    </message>
    <message>
      <source>(choose a saved set)</source>
      <translation>（选择已保存的组合）</translation>
    </message>
    <message>
      <source>(from {width}×{height}, {size})</source>
      <translation>（原图 {width}×{height}，{size}）</translation>
    </message>
    <message>
      <source>(its file is gone)</source>
      <translation>（其文件已不存在）</translation>
    </message>
    <message>
      <source>(no saved sets yet)</source>
      <translation>（尚无已保存的组合）</translation>
    </message>
    <message>
      <source>(shown once it has started)</source>
      <translation>（启动后显示）</translation>
    </message>
    <message>
      <source>(the whole answer)</source>
      <translation>（整个回答）</translation>
    </message>
    <message numerus="yes">
      <source>(what came in before that is kept: %n conversation(s))</source>
      <translation>
        <numerusform>（此前导入的内容已保留：%n 个对话）</numerusform>
      </translation>
    </message>
    <message>
      <source>({n:,} cached)</source>
      <translation>（{n:,} 命中缓存）</translation>
    </message>
    <message>
      <source>({n:,} reasoning)</source>
      <translation>（{n:,} 推理）</translation>
    </message>
    <message numerus="yes">
      <source>(… %n more token(s) not shown)</source>
      <translation>
        <numerusform>（… 另有 %n 个 token 未显示）</numerusform>
      </translation>
    </message>
    <message>
      <source>*Refused:* {refusal}</source>
      <translation>*拒绝回答：* {refusal}</translation>
    </message>
    <message>
      <source>. Type a value again to replace it.</source>
      <translation>。再次输入值即可替换。</translation>
    </message>
    <message>
      <source>: higher is better</source>
      <translation>：越高越好</translation>
    </message>
    <message>
      <source>: lower is better</source>
      <translation>：越低越好</translation>
    </message>
    <message>
      <source>: {reason}</source>
      <translation>：{reason}</translation>
    </message>
    <message>
      <source>&lt;b&gt;{v1}&lt;/b&gt;</source>
      <translation>&lt;b&gt;{v1}&lt;/b&gt;</translation>
    </message>
    <message>
      <source>&lt;div&gt;&lt;b&gt;Sources&lt;/b&gt;&lt;/div&gt;{rows}</source>
      <translation>&lt;div&gt;&lt;b&gt;来源&lt;/b&gt;&lt;/div&gt;{rows}</translation>
    </message>
    <message>
      <source>&lt;h2&gt;{APP_NAME} {version__}&lt;/h2&gt;</source>
      <translation>&lt;h2&gt;{APP_NAME} {version__}&lt;/h2&gt;</translation>
    </message>
    <message>
      <source>&lt;span style='color:{v1}'&gt;Failed&lt;/span&gt;</source>
      <translation>&lt;span style='color:{v1}'&gt;失败&lt;/span&gt;</translation>
    </message>
    <message>
      <source>&lt;span style='color:{v1}'&gt;{v3}&lt;/span&gt;</source>
      <translation>&lt;span style='color:{v1}'&gt;{v3}&lt;/span&gt;</translation>
    </message>
    <message>
      <source>&lt;span style='color:{v1}; font-weight:600'&gt;★ {v3}&lt;/span&gt;</source>
      <translation>&lt;span style='color:{v1}; font-weight:600'&gt;★ {v3}&lt;/span&gt;</translation>
    </message>
    <message>
      <source>A JSON Schema is an object ({"type": "object", "properties": {...}})</source>
      <translation>JSON Schema 是一个对象（{"type": "object", "properties": {...}}）</translation>
    </message>
    <message>
      <source>A call may take</source>
      <translation>单次调用最长</translation>
    </message>
    <message>
      <source>A comparison needs at least {MIN_COLUMNS} models.</source>
      <translation>对比至少需要 {MIN_COLUMNS} 个模型。</translation>
    </message>
    <message>
      <source>A comparison takes {least} to {most} models (got {n})</source>
      <translation>对比需要 {least} 到 {most} 个模型（现有 {n} 个）</translation>
    </message>
    <message>
      <source>A favourite: click to unstar</source>
      <translation>已收藏：点击取消</translation>
    </message>
    <message>
      <source>A follow-up goes to every column, each continuing its own answer. “Continue with this answer” goes on chatting with one model.</source>
      <translation>追问会发给每一列，各自接着自己的回答。“继续这个回答”则只与一个模型继续对话。</translation>
    </message>
    <message>
      <source>A hosted provider</source>
      <translation>托管的服务商</translation>
    </message>
    <message>
      <source>A line of the stream went past {mb} MB without ending</source>
      <translation>数据流中的一行超过 {mb} MB 仍未结束</translation>
    </message>
    <message>
      <source>A named system prompt and parameters: choosing one sets them here</source>
      <translation>命名的系统提示词和参数：选中即在此处应用</translation>
    </message>
    <message>
      <source>A new comparison needs its columns</source>
      <translation>新对比需要先设定各列</translation>
    </message>
    <message>
      <source>A program on this machine (stdio)</source>
      <translation>本机上的程序（stdio）</translation>
    </message>
    <message>
      <source>A reason for the model, if you deny it (optional)</source>
      <translation>拒绝时告诉模型的理由（可选）</translation>
    </message>
    <message>
      <source>A server on this machine</source>
      <translation>本机上的服务器</translation>
    </message>
    <message>
      <source>A server on this machine or network: one request at a time, no key needed</source>
      <translation>本机或局域网中的服务器：一次一个请求，无需密钥</translation>
    </message>
    <message>
      <source>API key</source>
      <translation>API 密钥</translation>
    </message>
    <message>
      <source>API keys</source>
      <translation>API 密钥</translation>
    </message>
    <message>
      <source>About</source>
      <translation>关于</translation>
    </message>
    <message>
      <source>About Ponder</source>
      <translation>关于 Ponder</translation>
    </message>
    <message>
      <source>About {APP_NAME}</source>
      <translation>关于 {APP_NAME}</translation>
    </message>
    <message>
      <source>Add MCP server</source>
      <translation>添加 MCP 服务器</translation>
    </message>
    <message>
      <source>Add a model</source>
      <translation>添加模型</translation>
    </message>
    <message>
      <source>Add a provider</source>
      <translation>添加服务商</translation>
    </message>
    <message>
      <source>Add a provider of your own: any OpenAI-compatible address</source>
      <translation>添加自己的服务商：任何兼容 OpenAI 的地址</translation>
    </message>
    <message>
      <source>Added {names}.</source>
      <translation>已添加 {names}。</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Add…</source>
      <translation>添加…</translation>
    </message>
    <message>
      <source>Advanced</source>
      <translation>高级</translation>
    </message>
    <message>
      <source>All {v1} providers</source>
      <translation>全部 {v1} 个服务商</translation>
    </message>
    <message>
      <source>Allow all once</source>
      <translation>全部允许一次</translation>
    </message>
    <message>
      <source>Allow for this conversation</source>
      <translation>在此对话中允许</translation>
    </message>
    <message>
      <source>Allow once</source>
      <translation>允许一次</translation>
    </message>
    <message>
      <source>Alternatives per token</source>
      <translation>每个 token 的候选数</translation>
    </message>
    <message>
      <source>Always allow</source>
      <translation>始终允许</translation>
    </message>
    <message>
      <source>Always allowed (these run without asking):</source>
      <translation>始终允许（这些工具运行前不再询问）：</translation>
    </message>
    <message>
      <source>An address (Streamable HTTP)</source>
      <translation>网络地址（Streamable HTTP）</translation>
    </message>
    <message>
      <source>An embedded image is not valid base64</source>
      <translation>嵌入的图片不是有效的 base64</translation>
    </message>
    <message>
      <source>An event of the stream went past {mb} MB without ending</source>
      <translation>数据流中的一个事件超过 {mb} MB 仍未结束</translation>
    </message>
    <message>
      <source>An object of token id -&gt; bias, e.g. {example}</source>
      <translation>应为 token ID -&gt; 偏置 的对象，例如 {example}</translation>
    </message>
    <message>
      <source>Answer</source>
      <translation>回答</translation>
    </message>
    <message>
      <source>Answer as</source>
      <translation>回答形式</translation>
    </message>
    <message>
      <source>Answer being written</source>
      <translation>正在生成的回答</translation>
    </message>
    <message>
      <source>Answer copied as markdown</source>
      <translation>已以 Markdown 复制回答</translation>
    </message>
    <message>
      <source>Answer copied as text</source>
      <translation>已以纯文本复制回答</translation>
    </message>
    <message>
      <source>Answer finished</source>
      <translation>回答已完成</translation>
    </message>
    <message>
      <source>Answer form</source>
      <translation>回答格式</translation>
    </message>
    <message>
      <source>Answer of {label}</source>
      <translation>{label} 的回答</translation>
    </message>
    <message>
      <source>Answer stopped</source>
      <translation>回答已停止</translation>
    </message>
    <message>
      <source>Answer text</source>
      <translation>回答正文</translation>
    </message>
    <message>
      <source>Answer tokens</source>
      <translation>回答 token</translation>
    </message>
    <message>
      <source>Answer with an error</source>
      <translation>出错的回答</translation>
    </message>
    <message>
      <source>Answering…</source>
      <translation>正在回答…</translation>
    </message>
    <message>
      <source>Answers finished</source>
      <translation>回答已全部完成</translation>
    </message>
    <message>
      <source>Anywhere</source>
      <translation>任意位置</translation>
    </message>
    <message>
      <source>As the system</source>
      <translation>跟随系统</translation>
    </message>
    <message>
      <source>Ask again before this tool runs</source>
      <translation>此工具运行前再次询问</translation>
    </message>
    <message>
      <source>Ask anything. Enter sends, Shift+Enter adds a line.</source>
      <translation>随便问。Enter 发送，Shift+Enter 换行。</translation>
    </message>
    <message>
      <source>Ask every model. Enter sends, Shift+Enter adds a line.</source>
      <translation>向每个模型提问。Enter 发送，Shift+Enter 换行。</translation>
    </message>
    <message>
      <source>Ask several models the same prompt, side by side (Ctrl+Shift+N)</source>
      <translation>用同一提示词并排询问多个模型（Ctrl+Shift+N）</translation>
    </message>
    <message>
      <source>Ask this column again (the earlier answer is kept)</source>
      <translation>重新询问这一列（保留之前的回答）</translation>
    </message>
    <message>
      <source>Assistant</source>
      <translation>助手</translation>
    </message>
    <message>
      <source>At most 4 stop sequences (what providers take)</source>
      <translation>最多 4 个停止序列（服务商的上限）</translation>
    </message>
    <message>
      <source>At most {MAX_COLUMNS} models</source>
      <translation>最多 {MAX_COLUMNS} 个模型</translation>
    </message>
    <message>
      <source>Attach</source>
      <translation>附件</translation>
    </message>
    <message>
      <source>Attach PDFs</source>
      <translation>附加 PDF</translation>
    </message>
    <message>
      <source>Attach images</source>
      <translation>附加图片</translation>
    </message>
    <message>
      <source>Attach images (or paste, or drop them here)</source>
      <translation>附加图片（也可粘贴或拖放到这里）</translation>
    </message>
    <message>
      <source>Attached: {v1}</source>
      <translation>已附加：{v1}</translation>
    </message>
    <message>
      <source>Azure, OpenAI   (tried first, in this order)</source>
      <translation>Azure, OpenAI   （按此顺序优先尝试）</translation>
    </message>
    <message>
      <source>Balanced (≤1568 px)</source>
      <translation>均衡（≤1568 px）</translation>
    </message>
    <message>
      <source>Bearer token</source>
      <translation>Bearer 令牌</translation>
    </message>
    <message>
      <source>Browse models</source>
      <translation>浏览模型</translation>
    </message>
    <message>
      <source>Browse the provider's models: context, prices, capabilities (Ctrl+M)</source>
      <translation>浏览服务商的模型：上下文、价格、能力（Ctrl+M）</translation>
    </message>
    <message>
      <source>Built with</source>
      <translation>构建环境</translation>
    </message>
    <message>
      <source>By default, columns on the same local server (Ollama, LM Studio, llama.cpp, vLLM) take turns: many serve one request at a time, and parallel requests skew the timings.</source>
      <translation>默认情况下，同一本地服务器（Ollama、LM Studio、llama.cpp、vLLM）上的各列轮流作答：许多服务器一次只处理一个请求，并行请求会使计时失真。</translation>
    </message>
    <message>
      <source>C copy</source>
      <translation>C 复制</translation>
    </message>
    <message>
      <source>C copy, R regenerate, T thinking, Delete delete</source>
      <translation>C 复制，R 重新生成，T 思考内容，Delete 删除</translation>
    </message>
    <message>
      <source>Cache</source>
      <translation>缓存</translation>
    </message>
    <message>
      <source>Called {tools}: tools are answered in a chat (Continue with this answer)</source>
      <translation>调用了 {tools}：工具要在对话中回答（继续这个回答）</translation>
    </message>
    <message>
      <source>Calling a tool…</source>
      <translation>正在调用工具…</translation>
    </message>
    <message>
      <source>Can</source>
      <translation>能力</translation>
    </message>
    <message>
      <source>Can call tools</source>
      <translation>能调用工具</translation>
    </message>
    <message>
      <source>Can see images</source>
      <translation>能看图片</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Careful reasoner</source>
      <translation>审慎推理</translation>
    </message>
    <message>
      <source>Change MCP server</source>
      <translation>修改 MCP 服务器</translation>
    </message>
    <message>
      <source>Change provider</source>
      <translation>修改服务商</translation>
    </message>
    <message>
      <source>Change…</source>
      <translation>修改…</translation>
    </message>
    <message>
      <source>Chat with language models through OpenAI-compatible gateways and local servers.</source>
      <translation>通过兼容 OpenAI 的网关和本地服务器与语言模型对话。</translation>
    </message>
    <message>
      <source>ChatGPT, Open WebUI or Chatbox exports, Cherry Studio backups (*.zip *.json);;All files (*)</source>
      <translation>ChatGPT、Open WebUI 或 Chatbox 导出文件，Cherry Studio 备份 (*.zip *.json);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Choose</source>
      <translation>选择</translation>
    </message>
    <message>
      <source>Choose a model</source>
      <translation>选择模型</translation>
    </message>
    <message>
      <source>Choose a model first</source>
      <translation>请先选择模型</translation>
    </message>
    <message>
      <source>Choose a model in the first row: its efforts are compared.</source>
      <translation>请在第一行选择模型：将对比它的各档推理强度。</translation>
    </message>
    <message>
      <source>Choose the models to compare (Ctrl+Shift+M)</source>
      <translation>选择要对比的模型（Ctrl+Shift+M）</translation>
    </message>
    <message>
      <source>Choose where your models live. You can add more providers later in Settings (Ctrl+,).</source>
      <translation>选择你的模型所在之处。之后可在设置（Ctrl+,）中添加更多服务商。</translation>
    </message>
    <message>
      <source>Click to make it a favourite</source>
      <translation>点击收藏</translation>
    </message>
    <message>
      <source>Collapse ▴</source>
      <translation>收起 ▴</translation>
    </message>
    <message>
      <source>Columns: one answer each</source>
      <translation>各列：每列一个回答</translation>
    </message>
    <message>
      <source>Command line</source>
      <translation>命令行</translation>
    </message>
    <message>
      <source>Compare</source>
      <translation>对比</translation>
    </message>
    <message>
      <source>Compare &amp;efforts of this model</source>
      <translation>对比此模型的推理强度(&amp;E)</translation>
    </message>
    <message>
      <source>Compare efforts of the first model</source>
      <translation>对比第一个模型的推理强度</translation>
    </message>
    <message>
      <source>Compare its reasoning efforts</source>
      <translation>对比它的各档推理强度</translation>
    </message>
    <message>
      <source>Compare models</source>
      <translation>对比模型</translation>
    </message>
    <message>
      <source>Compare the model's reasoning efforts</source>
      <translation>对比模型的各档推理强度</translation>
    </message>
    <message>
      <source>Comparing {what} · system prompt, max tokens and sampling under Advanced apply to every column</source>
      <translation>正在对比 {what} · “高级”中的系统提示词、最大 token 数和采样参数适用于每一列</translation>
    </message>
    <message numerus="yes">
      <source>Comparison of %n model(s)</source>
      <translation>
        <numerusform>%n 个模型的对比</numerusform>
      </translation>
    </message>
    <message>
      <source>Completion tokens</source>
      <translation>输出 token</translation>
    </message>
    <message numerus="yes">
      <source>Connected to {name}: %n model(s) available</source>
      <translation>
        <numerusform>已连接到 {name}：有 %n 个模型可用</numerusform>
      </translation>
    </message>
    <message>
      <source>Context</source>
      <translation>上下文</translation>
    </message>
    <message>
      <source>Continue with this answer</source>
      <translation>继续这个回答</translation>
    </message>
    <message>
      <source>Continuing with {model}: the other columns are alternatives of this answer (‹ ›)</source>
      <translation>继续与 {model} 对话：其他列作为这个回答的备选（‹ ›）</translation>
    </message>
    <message>
      <source>Conversation</source>
      <translation>对话</translation>
    </message>
    <message>
      <source>Conversations</source>
      <translation>对话列表</translation>
    </message>
    <message>
      <source>Copied</source>
      <translation>已复制</translation>
    </message>
    <message>
      <source>Copy</source>
      <translation>复制</translation>
    </message>
    <message>
      <source>Copy it</source>
      <translation>复制</translation>
    </message>
    <message>
      <source>Copy text</source>
      <translation>复制纯文本</translation>
    </message>
    <message>
      <source>Copy the answer as markdown</source>
      <translation>以 Markdown 复制回答</translation>
    </message>
    <message>
      <source>Copy the answer as plain text</source>
      <translation>以纯文本复制回答</translation>
    </message>
    <message>
      <source>Copy the last answer</source>
      <translation>复制最后一个回答</translation>
    </message>
    <message>
      <source>Copy thinking</source>
      <translation>复制思考内容</translation>
    </message>
    <message>
      <source>Copy this answer as markdown</source>
      <translation>以 Markdown 复制此回答</translation>
    </message>
    <message>
      <source>Cost</source>
      <translation>费用</translation>
    </message>
    <message>
      <source>Could not connect to {where}: {why}</source>
      <translation>无法连接到 {where}：{why}</translation>
    </message>
    <message>
      <source>Could not encode the image as {fmt}</source>
      <translation>无法把图片编码为 {fmt}</translation>
    </message>
    <message>
      <source>Could not fetch the model list: {why}</source>
      <translation>无法获取模型列表：{why}</translation>
    </message>
    <message>
      <source>Could not keep the image {name}: {why}</source>
      <translation>无法保存图片 {name}：{why}</translation>
    </message>
    <message>
      <source>Could not reach {where}: the connection timed out</source>
      <translation>无法访问 {where}：连接超时</translation>
    </message>
    <message>
      <source>Could not read {name}: {why}</source>
      <translation>无法读取 {name}：{why}</translation>
    </message>
    <message>
      <source>Could not refresh the model list ({why}); showing the one from {when}</source>
      <translation>无法刷新模型列表（{why}）；显示的是 {when} 的列表</translation>
    </message>
    <message>
      <source>Could not write {p}: {v3}</source>
      <translation>无法写入 {p}：{v3}</translation>
    </message>
    <message>
      <source>Ctrl+N</source>
      <translation>Ctrl+N</translation>
    </message>
    <message>
      <source>Cut off</source>
      <translation>被截断</translation>
    </message>
    <message>
      <source>Cut off: Ponder closed while it streamed</source>
      <translation>已中断：Ponder 在输出过程中关闭</translation>
    </message>
    <message>
      <source>Dark</source>
      <translation>深色</translation>
    </message>
    <message>
      <source>Default model</source>
      <translation>默认模型</translation>
    </message>
    <message>
      <source>Default model id, e.g. deepseek/deepseek-r1</source>
      <translation>默认模型 ID，例如 deepseek/deepseek-r1</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Delete conversation</source>
      <translation>删除对话</translation>
    </message>
    <message>
      <source>Delete it (and what follows)</source>
      <translation>删除（及其后的内容）</translation>
    </message>
    <message>
      <source>Delete key</source>
      <translation>删除密钥</translation>
    </message>
    <message>
      <source>Delete message</source>
      <translation>删除消息</translation>
    </message>
    <message>
      <source>Delete model set</source>
      <translation>删除模型组合</translation>
    </message>
    <message>
      <source>Delete set</source>
      <translation>删除组合</translation>
    </message>
    <message>
      <source>Delete the set '{name}'?</source>
      <translation>删除组合“{name}”？</translation>
    </message>
    <message>
      <source>Delete this answer and what follows it</source>
      <translation>删除此回答及其后的内容</translation>
    </message>
    <message>
      <source>Delete this message and the replies below it</source>
      <translation>删除此消息及其下方的回复</translation>
    </message>
    <message>
      <source>Delete this message and the replies below it? This cannot be undone.</source>
      <translation>删除此消息及其下方的回复？此操作无法撤销。</translation>
    </message>
    <message>
      <source>Delete tool</source>
      <translation>删除工具</translation>
    </message>
    <message>
      <source>Delete “{title}” and its {messages}? This cannot be undone.</source>
      <translation>删除“{title}”及其 {messages}？此操作无法撤销。</translation>
    </message>
    <message>
      <source>Deleted from the system keyring</source>
      <translation>已从系统密钥环中删除</translation>
    </message>
    <message>
      <source>Delete…</source>
      <translation>删除…</translation>
    </message>
    <message>
      <source>Denied</source>
      <translation>已拒绝</translation>
    </message>
    <message>
      <source>Deny</source>
      <translation>拒绝</translation>
    </message>
    <message>
      <source>Deny all</source>
      <translation>全部拒绝</translation>
    </message>
    <message>
      <source>Description</source>
      <translation>描述</translation>
    </message>
    <message>
      <source>Do not run it; the model is told, with your reason</source>
      <translation>不运行；会连同你的理由告知模型</translation>
    </message>
    <message>
      <source>Does</source>
      <translation>作用</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>E edit, C copy, Delete delete</source>
      <translation>E 编辑，C 复制，Delete 删除</translation>
    </message>
    <message>
      <source>Each token shaded by how sure the model was; hover one for the alternatives</source>
      <translation>按模型的把握程度为每个 token 着色；悬停可查看候选项</translation>
    </message>
    <message>
      <source>Earlier answer</source>
      <translation>上一个回答</translation>
    </message>
    <message>
      <source>Earlier version</source>
      <translation>上一个版本</translation>
    </message>
    <message>
      <source>Earlier version of this question</source>
      <translation>此问题的上一个版本</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>编辑</translation>
    </message>
    <message>
      <source>Edit your question</source>
      <translation>编辑你的问题</translation>
    </message>
    <message>
      <source>Effort</source>
      <translation>推理强度</translation>
    </message>
    <message>
      <source>Enter opens one; the menu key renames, exports or deletes it</source>
      <translation>Enter 打开；菜单键可重命名、导出或删除</translation>
    </message>
    <message>
      <source>Enter sends, Shift+Enter adds a line, Esc stops the answer</source>
      <translation>Enter 发送，Shift+Enter 换行，Esc 停止回答</translation>
    </message>
    <message>
      <source>Environment</source>
      <translation>环境变量</translation>
    </message>
    <message>
      <source>Environment variables</source>
      <translation>环境变量</translation>
    </message>
    <message>
      <source>Error</source>
      <translation>出错</translation>
    </message>
    <message>
      <source>Every action on it</source>
      <translation>它的全部操作</translation>
    </message>
    <message>
      <source>Every column must finish (or be stopped) before a follow-up</source>
      <translation>追问前，每一列都必须已完成（或已停止）</translation>
    </message>
    <message>
      <source>Every column needs a model</source>
      <translation>每一列都需要一个模型</translation>
    </message>
    <message>
      <source>Every model answers the same prompt in its own column. The same model may appear twice with different efforts.</source>
      <translation>每个模型在各自的列中回答同一提示词。同一模型可以以不同推理强度出现两次。</translation>
    </message>
    <message>
      <source>Export conversation</source>
      <translation>导出对话</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message>
      <source>Extra headers, one per line, e.g. X-Team: research</source>
      <translation>额外请求头，每行一个，例如 X-Team: research</translation>
    </message>
    <message>
      <source>Failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <source>Fallback models</source>
      <translation>备用模型</translation>
    </message>
    <message>
      <source>Fetching the model list…</source>
      <translation>正在获取模型列表…</translation>
    </message>
    <message>
      <source>Filter models</source>
      <translation>筛选模型</translation>
    </message>
    <message>
      <source>Find in the thinking</source>
      <translation>在思考内容中查找</translation>
    </message>
    <message>
      <source>Find in thinking</source>
      <translation>在思考内容中查找</translation>
    </message>
    <message>
      <source>Finish</source>
      <translation>结束原因</translation>
    </message>
    <message>
      <source>First token</source>
      <translation>首个 token</translation>
    </message>
    <message>
      <source>Fold the thinking away (from down here: no need to scroll back up)</source>
      <translation>收起思考内容（在底部即可，无需滚回顶部）</translation>
    </message>
    <message>
      <source>Frequency penalty</source>
      <translation>频率惩罚</translation>
    </message>
    <message>
      <source>Function tools</source>
      <translation>函数工具</translation>
    </message>
    <message>
      <source>Function tools the model may call</source>
      <translation>模型可调用的函数工具</translation>
    </message>
    <message>
      <source>Functions you define. When the model calls one, you type the result in the transcript.</source>
      <translation>你定义的函数。模型调用时，你在对话中输入结果。</translation>
    </message>
    <message>
      <source>Give the command that starts the server</source>
      <translation>请填写启动服务器的命令</translation>
    </message>
    <message>
      <source>Give the model id to start with (you can change it per chat).</source>
      <translation>填写起始模型 ID（每个对话都可以更改）。</translation>
    </message>
    <message>
      <source>Give the provider a name</source>
      <translation>请为服务商命名</translation>
    </message>
    <message>
      <source>Give the provider's address, e.g. http://localhost:8000/v1</source>
      <translation>请填写服务商的地址，例如 http://localhost:8000/v1</translation>
    </message>
    <message>
      <source>Header '{header}' looks like a credential, and headers are kept in a plain-text file: put the key in the API key field instead (it goes to the system keyring and is sent as Authorization: Bearer)</source>
      <translation>请求头“{header}”看起来像凭据，而请求头保存在纯文本文件中：请改为把密钥填入 API 密钥栏（它会存入系统密钥环，并以 Authorization: Bearer 发送）</translation>
    </message>
    <message>
      <source>Header '{header}' of '{id}' looks like a credential: settings are plain text, so keys go in the keyring instead (`ponder keys set {id}`)</source>
      <translation>“{id}”的请求头“{header}”看起来像凭据：设置是纯文本文件，所以密钥应存入系统密钥环（`ponder keys set {id}`）</translation>
    </message>
    <message>
      <source>Header '{header}' of '{name}' looks like a credential: its value goes in the keyring</source>
      <translation>“{name}”的请求头“{header}”看起来像凭据：它的值应存入系统密钥环</translation>
    </message>
    <message>
      <source>Headers</source>
      <translation>请求头</translation>
    </message>
    <message>
      <source>Headers, line {n}: write it as Name: value</source>
      <translation>请求头第 {n} 行：请写成 Name: value</translation>
    </message>
    <message>
      <source>History</source>
      <translation>历史记录</translation>
    </message>
    <message>
      <source>How Ponder reaches it</source>
      <translation>Ponder 如何连接它</translation>
    </message>
    <message>
      <source>How `ponder ask --provider` and the keyring know this provider</source>
      <translation>`ponder ask --provider` 和密钥环识别此服务商所用的名称</translation>
    </message>
    <message>
      <source>How images are sent: balanced keeps text readable at a fraction of the tokens</source>
      <translation>图片的发送方式：“均衡”以少量 token 保持文字可读</translation>
    </message>
    <message>
      <source>How requests are written and answers read: pick the server's kind if it is listed</source>
      <translation>请求的写法与回答的读法：若列表中有该服务器的类型，请选择它</translation>
    </message>
    <message>
      <source>Id</source>
      <translation>ID</translation>
    </message>
    <message>
      <source>Image: {v1}</source>
      <translation>图片：{v1}</translation>
    </message>
    <message>
      <source>Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp);;All files (*)</source>
      <translation>图片 (*.png *.jpg *.jpeg *.webp *.gif *.bmp);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Images and PDFs (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.pdf);;All files (*)</source>
      <translation>图片和 PDF (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.pdf);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Import</source>
      <translation>导入</translation>
    </message>
    <message>
      <source>Import &amp;history from another app…</source>
      <translation>从其他应用导入历史(&amp;H)…</translation>
    </message>
    <message>
      <source>Import MCP servers</source>
      <translation>导入 MCP 服务器</translation>
    </message>
    <message>
      <source>Import a conversation</source>
      <translation>导入对话</translation>
    </message>
    <message>
      <source>Import a history from another app</source>
      <translation>从其他应用导入历史记录</translation>
    </message>
    <message>
      <source>Import from another app…</source>
      <translation>从其他应用导入…</translation>
    </message>
    <message>
      <source>Imported</source>
      <translation>已导入</translation>
    </message>
    <message numerus="yes">
      <source>Imported %n conversation(s)</source>
      <translation>
        <numerusform>已导入 %n 个对话</numerusform>
      </translation>
    </message>
    <message>
      <source>Imported conversation</source>
      <translation>导入的对话</translation>
    </message>
    <message>
      <source>Imported “{v1}”</source>
      <translation>已导入“{v1}”</translation>
    </message>
    <message>
      <source>Importing {name}…</source>
      <translation>正在导入 {name}…</translation>
    </message>
    <message>
      <source>Importing {name}…
{v3:,} conversations, {v5:,} messages so far</source>
      <translation>正在导入 {name}…
已导入 {v3:,} 个对话、{v5:,} 条消息</translation>
    </message>
    <message>
      <source>In /1M</source>
      <translation>输入 /1M</translation>
    </message>
    <message>
      <source>In the thinking pane</source>
      <translation>在思考面板中</translation>
    </message>
    <message>
      <source>JSON (*.json);;All files (*)</source>
      <translation>JSON (*.json);;所有文件 (*)</translation>
    </message>
    <message>
      <source>JSON Schema</source>
      <translation>JSON Schema</translation>
    </message>
    <message>
      <source>JSON extractor</source>
      <translation>JSON 提取器</translation>
    </message>
    <message>
      <source>JSON that fits a schema</source>
      <translation>符合 Schema 的 JSON</translation>
    </message>
    <message>
      <source>Keep the system prompt and parameters set here under a name</source>
      <translation>将此处的系统提示词和参数以一个名称保存</translation>
    </message>
    <message>
      <source>Keep the thinking pane open when the answer starts</source>
      <translation>回答开始时保持思考面板展开</translation>
    </message>
    <message>
      <source>Kept in the keyring: </source>
      <translation>保存在密钥环中：</translation>
    </message>
    <message>
      <source>Key</source>
      <translation>密钥</translation>
    </message>
    <message>
      <source>Keyboard shortcuts</source>
      <translation>键盘快捷键</translation>
    </message>
    <message>
      <source>Keys</source>
      <translation>按键</translation>
    </message>
    <message>
      <source>Keys: {v1}; Alt+Up and Alt+Down: other messages; Menu key: every action</source>
      <translation>按键：{v1}；Alt+上/下：切换消息；菜单键：全部操作</translation>
    </message>
    <message>
      <source>LOG_LEVEL=info
GITHUB_TOKEN=…   (a secret-looking name goes to the keyring)</source>
      <translation>LOG_LEVEL=info
GITHUB_TOKEN=…   （像密钥的名称会存入密钥环）</translation>
    </message>
    <message>
      <source>LaTeX not typeset</source>
      <translation>LaTeX 未能排版</translation>
    </message>
    <message>
      <source>LaTeX not typeset: {why}</source>
      <translation>LaTeX 未能排版：{why}</translation>
    </message>
    <message>
      <source>LaTeX not understood (unknown command {name})</source>
      <translation>无法理解的 LaTeX（未知命令 {name}）</translation>
    </message>
    <message>
      <source>LaTeX not understood ({why})</source>
      <translation>无法理解的 LaTeX（{why}）</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <source>Last answer copied as markdown</source>
      <translation>已以 Markdown 复制最后一个回答</translation>
    </message>
    <message>
      <source>Later answer</source>
      <translation>下一个回答</translation>
    </message>
    <message>
      <source>Later version</source>
      <translation>下一个版本</translation>
    </message>
    <message>
      <source>Later version of this question</source>
      <translation>此问题的下一个版本</translation>
    </message>
    <message>
      <source>Leave empty to keep the key it has</source>
      <translation>留空则保留现有密钥</translation>
    </message>
    <message>
      <source>Left out:</source>
      <translation>未添加：</translation>
    </message>
    <message>
      <source>Let a local server answer several columns at once</source>
      <translation>允许本地服务器同时回答多列</translation>
    </message>
    <message>
      <source>Let the model search the web; its sources are listed under the answer</source>
      <translation>允许模型联网搜索；来源列在回答下方</translation>
    </message>
    <message>
      <source>Light</source>
      <translation>浅色</translation>
    </message>
    <message>
      <source>Line {n} of the headers is not Name: value</source>
      <translation>请求头第 {n} 行不是 Name: value 格式</translation>
    </message>
    <message>
      <source>Line {n} of the variables is not NAME=value</source>
      <translation>环境变量第 {n} 行不是 NAME=value 格式</translation>
    </message>
    <message>
      <source>Log probabilities</source>
      <translation>对数概率</translation>
    </message>
    <message>
      <source>Logit bias</source>
      <translation>Logit 偏置</translation>
    </message>
    <message>
      <source>Logs</source>
      <translation>日志</translation>
    </message>
    <message>
      <source>Look again</source>
      <translation>重新查找</translation>
    </message>
    <message>
      <source>Looking for servers on this machine…</source>
      <translation>正在查找本机上的服务器…</translation>
    </message>
    <message>
      <source>Looking…</source>
      <translation>正在查找…</translation>
    </message>
    <message>
      <source>MCP server</source>
      <translation>MCP 服务器</translation>
    </message>
    <message>
      <source>MCP server {problem}</source>
      <translation>MCP 服务器 {problem}</translation>
    </message>
    <message>
      <source>MCP servers</source>
      <translation>MCP 服务器</translation>
    </message>
    <message>
      <source>MCP servers and their tools</source>
      <translation>MCP 服务器及其工具</translation>
    </message>
    <message>
      <source>MIT licence (the LICENSE file): free to use, copy, change and share; no warranty.</source>
      <translation>MIT 许可证（见 LICENSE 文件）：可自由使用、复制、修改和分享；不提供任何担保。</translation>
    </message>
    <message>
      <source>Make this the conversation's answer and go on chatting with this model; the other columns stay as alternatives</source>
      <translation>将此作为对话的回答并继续与该模型对话；其他列保留为备选</translation>
    </message>
    <message>
      <source>Markdown (*.md);;Ponder JSON, to import again (*.json)</source>
      <translation>Markdown (*.md);;Ponder JSON，可再次导入 (*.json)</translation>
    </message>
    <message>
      <source>Max output tokens</source>
      <translation>最大输出 token 数</translation>
    </message>
    <message>
      <source>Max tokens</source>
      <translation>最大 token</translation>
    </message>
    <message>
      <source>Message</source>
      <translation>消息</translation>
    </message>
    <message>
      <source>Message {n}</source>
      <translation>第 {n} 条消息</translation>
    </message>
    <message>
      <source>Messages: Alt+Up and Alt+Down move between them</source>
      <translation>消息：用 Alt+上/下 在消息间移动</translation>
    </message>
    <message>
      <source>Model</source>
      <translation>模型</translation>
    </message>
    <message>
      <source>Model (type any id the provider knows)</source>
      <translation>模型（可输入服务商支持的任意 ID）</translation>
    </message>
    <message>
      <source>Model id</source>
      <translation>模型 ID</translation>
    </message>
    <message>
      <source>Models</source>
      <translation>模型</translation>
    </message>
    <message>
      <source>Models…</source>
      <translation>模型…</translation>
    </message>
    <message>
      <source>More than one conversation starts with {id}: give more of the id</source>
      <translation>有不止一个对话以 {id} 开头：请给出更长的 ID</translation>
    </message>
    <message>
      <source>Moving around</source>
      <translation>移动</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Name for the system prompt and parameters set now</source>
      <translation>为当前设置的系统提示词和参数命名</translation>
    </message>
    <message>
      <source>Name of this set:</source>
      <translation>组合名称：</translation>
    </message>
    <message>
      <source>New &amp;comparison…</source>
      <translation>新建对比(&amp;C)…</translation>
    </message>
    <message>
      <source>New chat</source>
      <translation>新对话</translation>
    </message>
    <message>
      <source>New chats start with {name}</source>
      <translation>新对话将使用 {name}</translation>
    </message>
    <message>
      <source>New comparison</source>
      <translation>新建对比</translation>
    </message>
    <message>
      <source>New line</source>
      <translation>换行</translation>
    </message>
    <message>
      <source>New tool</source>
      <translation>新工具</translation>
    </message>
    <message>
      <source>No API key for {name}: run `ponder keys set {id}`, or set {var}{hint}</source>
      <translation>没有 {name} 的 API 密钥：请运行 `ponder keys set {id}`，或设置 {var}{hint}</translation>
    </message>
    <message>
      <source>No conversation {id}</source>
      <translation>没有对话 {id}</translation>
    </message>
    <message>
      <source>No conversation {id}: an id is hexadecimal (see `ponder history list`)</source>
      <translation>没有对话 {id}：ID 是十六进制的（见 `ponder history list`）</translation>
    </message>
    <message>
      <source>No conversations yet</source>
      <translation>还没有对话</translation>
    </message>
    <message>
      <source>No key and no network: scripted models that stream reasoning, markdown, tool calls and errors, so you can see what Ponder does.</source>
      <translation>无需密钥，也无需联网：脚本化的模型会输出推理、Markdown、工具调用和错误，让你看看 Ponder 能做什么。</translation>
    </message>
    <message>
      <source>No key for {name} yet: paste one above</source>
      <translation>还没有 {name} 的密钥：请粘贴到上方</translation>
    </message>
    <message>
      <source>No message {id}</source>
      <translation>没有消息 {id}</translation>
    </message>
    <message>
      <source>No model in '{text}'</source>
      <translation>“{text}”中没有模型</translation>
    </message>
    <message>
      <source>No provider that may train on prompts</source>
      <translation>不使用可能用提示词训练的服务商</translation>
    </message>
    <message>
      <source>No server was added.</source>
      <translation>没有添加任何服务器。</translation>
    </message>
    <message>
      <source>No servers found: expected {"mcpServers": {"name": {"command": ...}}}</source>
      <translation>没有找到服务器：应为 {"mcpServers": {"name": {"command": ...}}}</translation>
    </message>
    <message>
      <source>No servers yet: Add… one, or import those of another app.</source>
      <translation>还没有服务器：点击“添加…”，或从其他应用导入。</translation>
    </message>
    <message>
      <source>No system keyring is available to keep API keys. Install and unlock one (GNOME Keyring: `sudo apt install gnome-keyring`; on KDE: KWallet), or set the key in the environment instead ({var}=...)</source>
      <translation>没有可用于保存 API 密钥的系统密钥环。请安装并解锁一个（GNOME Keyring：`sudo apt install gnome-keyring`；KDE：KWallet），或改为在环境变量中设置密钥（{var}=...）</translation>
    </message>
    <message>
      <source>No system keyring is available to keep this secret. Install and unlock one (GNOME Keyring: `sudo apt install gnome-keyring`; on KDE: KWallet)</source>
      <translation>没有可用于保存此密钥的系统密钥环。请安装并解锁一个（GNOME Keyring：`sudo apt install gnome-keyring`；KDE：KWallet）</translation>
    </message>
    <message>
      <source>None found on the usual ports. Start one, then look again.</source>
      <translation>常用端口上未发现服务器。启动一个后再查找。</translation>
    </message>
    <message>
      <source>Not JSON: {why}</source>
      <translation>不是 JSON：{why}</translation>
    </message>
    <message>
      <source>Not a valid JSON Schema at {where}: {why}</source>
      <translation>不是有效的 JSON Schema（位置 {where}）：{why}</translation>
    </message>
    <message>
      <source>Not a valid JSON Schema: {why}</source>
      <translation>不是有效的 JSON Schema：{why}</translation>
    </message>
    <message>
      <source>Not run: the arguments could not be used (the model is told why)</source>
      <translation>未运行：参数无法使用（会告知模型原因）</translation>
    </message>
    <message>
      <source>Not saved yet: kept on screen, and saved as soon as the history can be written</source>
      <translation>尚未保存：已保留在屏幕上，历史记录可写入时立即保存</translation>
    </message>
    <message>
      <source>Not valid for the schema: {why}</source>
      <translation>不符合 Schema：{why}</translation>
    </message>
    <message>
      <source>Nothing found for “{text}”</source>
      <translation>没有找到“{text}”</translation>
    </message>
    <message>
      <source>Offer its tools (switched off, no conversation can use it)</source>
      <translation>提供其工具（关闭后任何对话都无法使用）</translation>
    </message>
    <message>
      <source>Older</source>
      <translation>更早</translation>
    </message>
    <message>
      <source>Ollama, LM Studio, llama.cpp or vLLM on their usual ports (11434, 1234, 8080, 8000). No key needed.</source>
      <translation>常用端口（11434、1234、8080、8000）上的 Ollama、LM Studio、llama.cpp 或 vLLM。无需密钥。</translation>
    </message>
    <message>
      <source>On a message (when it has the keyboard)</source>
      <translation>在消息上（消息获得键盘焦点时）</translation>
    </message>
    <message>
      <source>One column for each reasoning effort the first row's model offers, from none to the most: what more reasoning buys</source>
      <translation>第一行模型提供的每档推理强度各占一列，从无到最高：看看更多推理能带来什么</translation>
    </message>
    <message>
      <source>One per line, up to 4: the answer ends before any of them</source>
      <translation>每行一个，最多 4 个：回答在遇到其中任何一个之前结束</translation>
    </message>
    <message>
      <source>Only providers that keep no data (zero data retention)</source>
      <translation>只用不保留数据的服务商（零数据保留）</translation>
    </message>
    <message>
      <source>Only these providers (no fallback to others)</source>
      <translation>只用这些服务商（不回退到其他服务商）</translation>
    </message>
    <message>
      <source>Open a file…</source>
      <translation>打开文件…</translation>
    </message>
    <message>
      <source>Open the data folder</source>
      <translation>打开数据文件夹</translation>
    </message>
    <message>
      <source>Open the servers' JSON</source>
      <translation>打开服务器的 JSON</translation>
    </message>
    <message>
      <source>OpenAI-compatible (any server)</source>
      <translation>OpenAI 兼容（任意服务器）</translation>
    </message>
    <message>
      <source>OpenRouter routing</source>
      <translation>OpenRouter 路由</translation>
    </message>
    <message>
      <source>OpenRouter's default</source>
      <translation>OpenRouter 默认</translation>
    </message>
    <message>
      <source>OpenRouter, OpenAI, DeepSeek, ZenMux or AIgateway. The key goes into your system keyring, never into a file.</source>
      <translation>OpenRouter、OpenAI、DeepSeek、ZenMux 或 AIgateway。密钥存入系统密钥环，从不写入文件。</translation>
    </message>
    <message>
      <source>Opened in your browser when clicked</source>
      <translation>点击后在浏览器中打开</translation>
    </message>
    <message>
      <source>Optional: stored in the system keyring</source>
      <translation>可选：保存在系统密钥环中</translation>
    </message>
    <message>
      <source>Original size</source>
      <translation>原始尺寸</translation>
    </message>
    <message>
      <source>Out /1M</source>
      <translation>输出 /1M</translation>
    </message>
    <message>
      <source>PDF</source>
      <translation>PDF</translation>
    </message>
    <message>
      <source>PDF documents (*.pdf)</source>
      <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
      <source>PDF: {v1}</source>
      <translation>PDF：{v1}</translation>
    </message>
    <message>
      <source>Parallel calls</source>
      <translation>并行调用</translation>
    </message>
    <message>
      <source>Parameters</source>
      <translation>参数</translation>
    </message>
    <message>
      <source>Parameters (JSON Schema)</source>
      <translation>参数（JSON Schema）</translation>
    </message>
    <message>
      <source>Parameters ({n})…</source>
      <translation>参数（{n}）…</translation>
    </message>
    <message>
      <source>Parameters…</source>
      <translation>参数…</translation>
    </message>
    <message>
      <source>Paste a new API key</source>
      <translation>粘贴新的 API 密钥</translation>
    </message>
    <message>
      <source>Paste text, an image, or image files</source>
      <translation>粘贴文本、图片或图片文件</translation>
    </message>
    <message>
      <source>Paste the "mcpServers" JSON of Claude Desktop, Cursor or another app, or open its file (claude_desktop_config.json, mcp.json). Secrets in it go to the keyring.</source>
      <translation>粘贴 Claude Desktop、Cursor 或其他应用的 "mcpServers" JSON，或打开其文件（claude_desktop_config.json、mcp.json）。其中的密钥会存入密钥环。</translation>
    </message>
    <message>
      <source>Paste your {name} key first.</source>
      <translation>请先粘贴你的 {name} 密钥。</translation>
    </message>
    <message>
      <source>Pasted image</source>
      <translation>粘贴的图片</translation>
    </message>
    <message>
      <source>Ponder closes and opens again in the new language; what you were writing is kept</source>
      <translation>Ponder 会关闭并以新语言重新打开；正在输入的内容会保留</translation>
    </message>
    <message>
      <source>Ponder exports (*.json)</source>
      <translation>Ponder 导出文件 (*.json)</translation>
    </message>
    <message>
      <source>Ponder speaks the new language from its next start.</source>
      <translation>Ponder 将在下次启动时使用新语言。</translation>
    </message>
    <message>
      <source>Prefer</source>
      <translation>优先</translation>
    </message>
    <message>
      <source>Presence penalty</source>
      <translation>存在惩罚</translation>
    </message>
    <message>
      <source>Preset</source>
      <translation>预设</translation>
    </message>
    <message>
      <source>Preset {name}: its system prompt and parameters are set (Advanced)</source>
      <translation>预设 {name}：已应用其系统提示词和参数（见“高级”）</translation>
    </message>
    <message>
      <source>Previous 30 days</source>
      <translation>过去 30 天</translation>
    </message>
    <message>
      <source>Previous 7 days</source>
      <translation>过去 7 天</translation>
    </message>
    <message>
      <source>Prompt tokens</source>
      <translation>提示 token</translation>
    </message>
    <message>
      <source>Provider</source>
      <translation>服务商</translation>
    </message>
    <message>
      <source>Provider '{id}' needs a name</source>
      <translation>服务商“{id}”需要一个名称</translation>
    </message>
    <message>
      <source>Provider id '{id}' is taken by a built-in provider</source>
      <translation>服务商 ID“{id}”已被内置服务商占用</translation>
    </message>
    <message>
      <source>Provider id '{id}' must be lower-case letters, digits, '-' or '_'</source>
      <translation>服务商 ID“{id}”只能由小写字母、数字、“-”或“_”组成</translation>
    </message>
    <message>
      <source>Providers</source>
      <translation>服务商</translation>
    </message>
    <message>
      <source>Providers first</source>
      <translation>优先的服务商</translation>
    </message>
    <message>
      <source>Providers, keys and defaults (Ctrl+,)</source>
      <translation>服务商、密钥和默认设置（Ctrl+,）</translation>
    </message>
    <message>
      <source>Python {python}, PySide6 {pyside}</source>
      <translation>Python {python}，PySide6 {pyside}</translation>
    </message>
    <message>
      <source>Question copied</source>
      <translation>已复制问题</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>退出</translation>
    </message>
    <message>
      <source>Rate limited by {provider}</source>
      <translation>被 {provider} 限流</translation>
    </message>
    <message>
      <source>Rate limited by {provider} (retry in {s:.0f} s)</source>
      <translation>被 {provider} 限流（{s:.0f} 秒后重试）</translation>
    </message>
    <message>
      <source>Reached as</source>
      <translation>连接方式</translation>
    </message>
    <message>
      <source>Reason for denying</source>
      <translation>拒绝理由</translation>
    </message>
    <message>
      <source>Reason given: {reason}</source>
      <translation>给出的理由：{reason}</translation>
    </message>
    <message>
      <source>Reasoned for {took} · {tokens} (text not shared by the provider)</source>
      <translation>推理了 {took} · {tokens}（服务商未公开文本）</translation>
    </message>
    <message>
      <source>Reasoned · {tokens} (text not shared by the provider)</source>
      <translation>已推理 · {tokens}（服务商未公开文本）</translation>
    </message>
    <message>
      <source>Reasoning effort</source>
      <translation>推理强度</translation>
    </message>
    <message>
      <source>Reasoning tokens</source>
      <translation>推理 token</translation>
    </message>
    <message>
      <source>Reasons</source>
      <translation>会推理</translation>
    </message>
    <message>
      <source>Recovered {conversations} and {messages}. The damaged file is kept as {path}.</source>
      <translation>已恢复 {conversations}和 {messages}。损坏的文件保留为 {path}。</translation>
    </message>
    <message>
      <source>Refresh the list</source>
      <translation>刷新列表</translation>
    </message>
    <message>
      <source>Refused:</source>
      <translation>拒绝回答：</translation>
    </message>
    <message>
      <source>Regenerate</source>
      <translation>重新生成</translation>
    </message>
    <message>
      <source>Regenerate the answer</source>
      <translation>重新生成回答</translation>
    </message>
    <message>
      <source>Reject</source>
      <translation>拒绝</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>移除</translation>
    </message>
    <message>
      <source>Remove MCP server</source>
      <translation>移除 MCP 服务器</translation>
    </message>
    <message>
      <source>Remove provider</source>
      <translation>移除服务商</translation>
    </message>
    <message>
      <source>Remove this column</source>
      <translation>移除此列</translation>
    </message>
    <message>
      <source>Remove this image</source>
      <translation>移除此图片</translation>
    </message>
    <message>
      <source>Remove this model</source>
      <translation>移除此模型</translation>
    </message>
    <message>
      <source>Remove {name}, its secrets in the keyring and its always-allowed tools? Conversations keep the results its tools gave.</source>
      <translation>移除 {name}、它在密钥环中的密钥以及它的始终允许工具？对话中会保留其工具给出的结果。</translation>
    </message>
    <message>
      <source>Remove {name}? Its key is deleted from the system keyring; its conversations stay in your history.</source>
      <translation>移除 {name}？它的密钥将从系统密钥环中删除；它的对话仍保留在历史记录中。</translation>
    </message>
    <message>
      <source>Remove {v1}</source>
      <translation>移除 {v1}</translation>
    </message>
    <message>
      <source>Removed {name}</source>
      <translation>已移除 {name}</translation>
    </message>
    <message>
      <source>Rename conversation</source>
      <translation>重命名对话</translation>
    </message>
    <message>
      <source>Rename…</source>
      <translation>重命名…</translation>
    </message>
    <message>
      <source>Reset to what the provider says</source>
      <translation>恢复为服务商提供的信息</translation>
    </message>
    <message>
      <source>Restart now</source>
      <translation>立即重启</translation>
    </message>
    <message>
      <source>Result of </source>
      <translation>结果：</translation>
    </message>
    <message>
      <source>Retry</source>
      <translation>重试</translation>
    </message>
    <message>
      <source>Revoke</source>
      <translation>撤销</translation>
    </message>
    <message>
      <source>Run this call</source>
      <translation>运行这次调用</translation>
    </message>
    <message>
      <source>Run {tool} of {server} without asking, everywhere (revoke in Settings)</source>
      <translation>在任何地方运行 {server} 的 {tool} 时都不再询问（可在设置中撤销）</translation>
    </message>
    <message>
      <source>Run {tool} without asking again in this conversation</source>
      <translation>在此对话中运行 {tool} 时不再询问</translation>
    </message>
    <message>
      <source>Running… {v1:.1f} s</source>
      <translation>运行中… {v1:.1f} 秒</translation>
    </message>
    <message>
      <source>Runs</source>
      <translation>运行方式</translation>
    </message>
    <message>
      <source>Same seed for answers that repeat</source>
      <translation>相同种子可得到可重复的回答</translation>
    </message>
    <message>
      <source>Save and start</source>
      <translation>保存并开始</translation>
    </message>
    <message>
      <source>Save as preset</source>
      <translation>另存为预设</translation>
    </message>
    <message>
      <source>Save as preset…</source>
      <translation>另存为预设…</translation>
    </message>
    <message>
      <source>Save as…</source>
      <translation>另存为…</translation>
    </message>
    <message>
      <source>Save key</source>
      <translation>保存密钥</translation>
    </message>
    <message>
      <source>Save model set</source>
      <translation>保存模型组合</translation>
    </message>
    <message>
      <source>Save schema</source>
      <translation>保存 Schema</translation>
    </message>
    <message>
      <source>Save tool</source>
      <translation>保存工具</translation>
    </message>
    <message>
      <source>Saved as preset {name}</source>
      <translation>已另存为预设 {name}</translation>
    </message>
    <message>
      <source>Saved in the system keyring ({masked})</source>
      <translation>已保存在系统密钥环中（{masked}）</translation>
    </message>
    <message>
      <source>Saved schemas</source>
      <translation>已保存的 Schema</translation>
    </message>
    <message>
      <source>Saved schemas…</source>
      <translation>已保存的 Schema…</translation>
    </message>
    <message>
      <source>Saved sets</source>
      <translation>已保存的组合</translation>
    </message>
    <message>
      <source>Saved {v1}: test the connection to check it</source>
      <translation>已保存 {v1}：请测试连接以确认</translation>
    </message>
    <message>
      <source>Search history</source>
      <translation>搜索历史</translation>
    </message>
    <message>
      <source>Search history (Ctrl+K)</source>
      <translation>搜索历史（Ctrl+K）</translation>
    </message>
    <message>
      <source>Seed</source>
      <translation>种子</translation>
    </message>
    <message>
      <source>Seed, stop sequences, penalties, logit bias, log probabilities, JSON answers</source>
      <translation>种子、停止序列、惩罚、Logit 偏置、对数概率、JSON 回答</translation>
    </message>
    <message>
      <source>Send</source>
      <translation>发送</translation>
    </message>
    <message>
      <source>Send (Enter)</source>
      <translation>发送（Enter）</translation>
    </message>
    <message>
      <source>Send edited</source>
      <translation>发送修改</translation>
    </message>
    <message>
      <source>Send result</source>
      <translation>发送结果</translation>
    </message>
    <message>
      <source>Server '{name}' needs either a command (a program on this machine) or an address</source>
      <translation>服务器“{name}”需要一个命令（本机上的程序）或一个地址</translation>
    </message>
    <message>
      <source>Server name</source>
      <translation>服务器名称</translation>
    </message>
    <message>
      <source>Server name '{name}' must be 1 to 32 letters, digits, '-' or '_', starting with a letter or digit (it becomes part of each tool's name)</source>
      <translation>服务器名称“{name}”必须是 1 到 32 个字母、数字、“-”或“_”，并以字母或数字开头（它会成为每个工具名称的一部分）</translation>
    </message>
    <message>
      <source>Server or tool</source>
      <translation>服务器或工具</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <source>Shaded where the model was less sure: amber below 90 %, red near 0 %. Hover a token for the alternatives.</source>
      <translation>模型把握较低处会着色：低于 90% 为琥珀色，接近 0% 为红色。悬停在 token 上可查看候选项。</translation>
    </message>
    <message numerus="yes">
      <source>Show all (%n line(s))</source>
      <translation>
        <numerusform>显示全部（%n 行）</numerusform>
      </translation>
    </message>
    <message>
      <source>Show how sure the model was of each token</source>
      <translation>显示模型对每个 token 的把握程度</translation>
    </message>
    <message>
      <source>Show less</source>
      <translation>收起</translation>
    </message>
    <message>
      <source>Show or hide the thinking</source>
      <translation>显示或隐藏思考内容</translation>
    </message>
    <message>
      <source>Show or hide thinking</source>
      <translation>显示或隐藏思考内容</translation>
    </message>
    <message>
      <source>Show the comparison</source>
      <translation>显示对比</translation>
    </message>
    <message>
      <source>Sidebar, settings bar, conversation, message box, in the order they are on screen</source>
      <translation>侧边栏、设置栏、对话、输入框，按屏幕上的顺序</translation>
    </message>
    <message>
      <source>Small (≤512 px)</source>
      <translation>小（≤512 px）</translation>
    </message>
    <message>
      <source>Something went wrong in Ponder: {why}</source>
      <translation>Ponder 内部出错：{why}</translation>
    </message>
    <message>
      <source>Something went wrong inside Ponder ({kind}); the details are in {path}</source>
      <translation>Ponder 内部出错（{kind}）；详情见 {path}</translation>
    </message>
    <message>
      <source>Speaks</source>
      <translation>协议</translation>
    </message>
    <message>
      <source>Start / restart</source>
      <translation>启动 / 重启</translation>
    </message>
    <message>
      <source>Start new chats with this provider</source>
      <translation>新对话使用此服务商</translation>
    </message>
    <message>
      <source>Starting the MCP servers…</source>
      <translation>正在启动 MCP 服务器…</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Step: {title}</source>
      <translation>步骤：{title}</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>停止</translation>
    </message>
    <message>
      <source>Stop (Esc)</source>
      <translation>停止（Esc）</translation>
    </message>
    <message>
      <source>Stop at</source>
      <translation>停止于</translation>
    </message>
    <message>
      <source>Stop sequences</source>
      <translation>停止序列</translation>
    </message>
    <message>
      <source>Stop the answer</source>
      <translation>停止回答</translation>
    </message>
    <message>
      <source>Stop the answer first</source>
      <translation>请先停止回答</translation>
    </message>
    <message>
      <source>Stop the running calls; the conversation waits for you</source>
      <translation>停止正在运行的调用；对话会等你</translation>
    </message>
    <message>
      <source>Stop this column (the others go on)</source>
      <translation>停止此列（其他列继续）</translation>
    </message>
    <message>
      <source>Stopped</source>
      <translation>已停止</translation>
    </message>
    <message>
      <source>Stopped answer</source>
      <translation>已停止的回答</translation>
    </message>
    <message>
      <source>Stopped before it finished</source>
      <translation>在完成前已停止</translation>
    </message>
    <message numerus="yes">
      <source>Stopped. What was imported is kept (%n conversation(s)); import the same file again to go on where it stopped.</source>
      <translation>
        <numerusform>已停止。已导入的内容会保留（%n 个对话）；再次导入同一文件即可从停止处继续。</numerusform>
      </translation>
    </message>
    <message>
      <source>Stopped: the answer is incomplete</source>
      <translation>已停止：回答不完整</translation>
    </message>
    <message>
      <source>Stopped: the model asked for tools {rounds} rounds in a row. Send a message to let it go on.</source>
      <translation>已停止：模型连续 {rounds} 轮请求调用工具。发送一条消息可让它继续。</translation>
    </message>
    <message>
      <source>System</source>
      <translation>系统</translation>
    </message>
    <message>
      <source>System prompt</source>
      <translation>系统提示词</translation>
    </message>
    <message>
      <source>System prompt (optional)</source>
      <translation>系统提示词（可选）</translation>
    </message>
    <message>
      <source>Temperature</source>
      <translation>温度</translation>
    </message>
    <message>
      <source>Terse</source>
      <translation>简洁</translation>
    </message>
    <message>
      <source>Test connection</source>
      <translation>测试连接</translation>
    </message>
    <message>
      <source>Testing…</source>
      <translation>正在测试…</translation>
    </message>
    <message>
      <source>Text</source>
      <translation>文本</translation>
    </message>
    <message>
      <source>Text (markdown)</source>
      <translation>文本（Markdown）</translation>
    </message>
    <message>
      <source>That answer is not a column of this comparison</source>
      <translation>该回答不是此对比中的一列</translation>
    </message>
    <message>
      <source>The MCP server '{name}' could not start: {error}</source>
      <translation>MCP 服务器“{name}”无法启动：{error}</translation>
    </message>
    <message>
      <source>The MCP server '{name}' is switched off in Settings</source>
      <translation>MCP 服务器“{name}”已在设置中关闭</translation>
    </message>
    <message>
      <source>The MCP server '{name}' stopped while running {tool}</source>
      <translation>MCP 服务器“{name}”在运行 {tool} 时停止了</translation>
    </message>
    <message>
      <source>The MCP server '{name}' stopped while running {tool}. Its last output: {output}</source>
      <translation>MCP 服务器“{name}”在运行 {tool} 时停止了。它最后的输出：{output}</translation>
    </message>
    <message>
      <source>The address of '{name}' must start with http:// or https://</source>
      <translation>“{name}”的地址必须以 http:// 或 https:// 开头</translation>
    </message>
    <message>
      <source>The answer failed</source>
      <translation>回答失败</translation>
    </message>
    <message>
      <source>The answer failed: {problem}</source>
      <translation>回答失败：{problem}</translation>
    </message>
    <message>
      <source>The answer is not JSON</source>
      <translation>回答不是 JSON</translation>
    </message>
    <message>
      <source>The answer is not JSON ({why})</source>
      <translation>回答不是 JSON（{why}）</translation>
    </message>
    <message>
      <source>The answer kept on screen is saved now</source>
      <translation>屏幕上保留的回答现已保存</translation>
    </message>
    <message>
      <source>The answer's tokens, shaded by the model's certainty</source>
      <translation>回答的各个 token，按模型的把握程度着色</translation>
    </message>
    <message>
      <source>The best of the columns</source>
      <translation>各列中的最佳值</translation>
    </message>
    <message>
      <source>The bias of {key} must be a number from -100 to 100</source>
      <translation>{key} 的偏置必须是 -100 到 100 之间的数</translation>
    </message>
    <message>
      <source>The built-in demo</source>
      <translation>内置演示</translation>
    </message>
    <message>
      <source>The command line cannot be read: {why}</source>
      <translation>无法解析命令行：{why}</translation>
    </message>
    <message>
      <source>The command of '{name}' contains a line break or a NUL character</source>
      <translation>“{name}”的命令中含有换行符或 NUL 字符</translation>
    </message>
    <message>
      <source>The comparison this chat began with</source>
      <translation>这个对话开始时的对比</translation>
    </message>
    <message>
      <source>The comparison's columns are damaged (each needs a model and a provider)</source>
      <translation>对比的列已损坏（每列都需要模型和服务商）</translation>
    </message>
    <message>
      <source>The connection to {name} broke mid-answer: the partial answer is kept</source>
      <translation>与 {name} 的连接在回答中途断开：已保留部分回答</translation>
    </message>
    <message>
      <source>The connection to {where} failed: {kind} {why}</source>
      <translation>与 {where} 的连接失败：{kind} {why}</translation>
    </message>
    <message>
      <source>The conversation's kind {kind} is not one Ponder knows</source>
      <translation>Ponder 不认识对话类型 {kind}</translation>
    </message>
    <message>
      <source>The conversation's settings are not an object</source>
      <translation>对话的设置不是对象</translation>
    </message>
    <message>
      <source>The conversation's {field} is not text</source>
      <translation>对话的 {field} 不是文本</translation>
    </message>
    <message>
      <source>The detail the provider is asked to look at the images with (OpenAI's low costs 85 tokens)</source>
      <translation>要求服务商查看图片的细节程度（OpenAI 的 low 消耗 85 个 token）</translation>
    </message>
    <message>
      <source>The disk holding the history is full ({folder}): free some space; what is on screen is kept until it can be saved</source>
      <translation>存放历史记录的磁盘已满（{folder}）：请释放一些空间；屏幕上的内容会保留，直到可以保存</translation>
    </message>
    <message>
      <source>The export has no conversation or no messages list</source>
      <translation>导出文件中没有对话或消息列表</translation>
    </message>
    <message>
      <source>The export holds {name}, which is not a number JSON allows</source>
      <translation>导出文件中含有 {name}，这不是 JSON 允许的数字</translation>
    </message>
    <message>
      <source>The export is nested too deeply to be a conversation</source>
      <translation>导出文件嵌套过深，不可能是对话</translation>
    </message>
    <message>
      <source>The export's version ({version}) is not one Ponder knows</source>
      <translation>Ponder 不认识导出文件的版本（{version}）</translation>
    </message>
    <message>
      <source>The file cannot be read as an export: {why}</source>
      <translation>无法把该文件作为导出文件读取：{why}</translation>
    </message>
    <message>
      <source>The file ends in the middle of a conversation: it was cut off</source>
      <translation>文件在某个对话中途结束：它被截断了</translation>
    </message>
    <message>
      <source>The file is nested too deeply to be an export</source>
      <translation>文件嵌套过深，不可能是导出文件</translation>
    </message>
    <message>
      <source>The file is not valid JSON ({why})</source>
      <translation>文件不是有效的 JSON（{why}）</translation>
    </message>
    <message>
      <source>The file is not valid JSON near character {at}</source>
      <translation>文件在第 {at} 个字符附近不是有效的 JSON</translation>
    </message>
    <message>
      <source>The history cannot be written: {folder} is read-only or not accessible</source>
      <translation>无法写入历史记录：{folder} 是只读的或无法访问</translation>
    </message>
    <message>
      <source>The history cannot be written: {folder}: {why}</source>
      <translation>无法写入历史记录：{folder}：{why}</translation>
    </message>
    <message>
      <source>The history could not be read or written: {why}</source>
      <translation>无法读取或写入历史记录：{why}</translation>
    </message>
    <message>
      <source>The history could not be searched: {why}</source>
      <translation>无法搜索历史记录：{why}</translation>
    </message>
    <message>
      <source>The history database is damaged ({path}): {why}. `ponder history recover` copies what can still be read into a new one</source>
      <translation>历史数据库已损坏（{path}）：{why}。`ponder history recover` 会把仍可读取的内容复制到新数据库中</translation>
    </message>
    <message>
      <source>The history database was damaged. It was moved to
{path}
and a new one was started.</source>
      <translation>历史数据库已损坏。它已被移到
{path}
并已新建一个数据库。</translation>
    </message>
    <message>
      <source>The history database was written by a newer Ponder (migrations {names}): update Ponder</source>
      <translation>历史数据库由更新版本的 Ponder 写入（迁移 {names}）：请更新 Ponder</translation>
    </message>
    <message>
      <source>The history is locked by another program (a second Ponder?): nothing was lost; try again in a moment</source>
      <translation>历史记录被另一个程序锁定（另一个 Ponder？）：没有丢失任何内容；请稍后再试</translation>
    </message>
    <message>
      <source>The import could not start: Ponder's own program was not found</source>
      <translation>无法开始导入：找不到 Ponder 自身的程序</translation>
    </message>
    <message>
      <source>The key contains spaces or line breaks: check what was pasted</source>
      <translation>密钥中含有空格或换行：请检查粘贴的内容</translation>
    </message>
    <message>
      <source>The key for {provider} was rejected: set a new one</source>
      <translation>{provider} 的密钥被拒绝：请设置新的密钥</translation>
    </message>
    <message>
      <source>The key is empty: nothing was stored</source>
      <translation>密钥为空：没有保存任何内容</translation>
    </message>
    <message>
      <source>The message before or after</source>
      <translation>上一条或下一条消息</translation>
    </message>
    <message>
      <source>The model list has not been fetched yet: it is fetched in the background, try again shortly.</source>
      <translation>尚未获取模型列表：正在后台获取，请稍后再试。</translation>
    </message>
    <message>
      <source>The model wants to run this tool. Nothing runs until you allow it.</source>
      <translation>模型想运行此工具。在你允许之前不会运行任何东西。</translation>
    </message>
    <message>
      <source>The model wants to run {waiting} tools at once:</source>
      <translation>模型想同时运行 {waiting} 个工具：</translation>
    </message>
    <message>
      <source>The name must be 1 to 64 letters, digits, '_' or '-' (no spaces)</source>
      <translation>名称必须是 1 到 64 个字母、数字、“_”或“-”（不能有空格）</translation>
    </message>
    <message>
      <source>The parameters are not valid JSON (line {line}, column {column}: {why})</source>
      <translation>参数不是有效的 JSON（第 {line} 行，第 {column} 列：{why}）</translation>
    </message>
    <message>
      <source>The parameters must be a JSON Schema object: {"type": "object", "properties": {...}}</source>
      <translation>参数必须是 JSON Schema 对象：{"type": "object", "properties": {...}}</translation>
    </message>
    <message>
      <source>The pasted image</source>
      <translation>粘贴的图片</translation>
    </message>
    <message>
      <source>The provider sent no log probabilities for this answer</source>
      <translation>服务商没有为此回答发送对数概率</translation>
    </message>
    <message>
      <source>The schema is nested too deeply</source>
      <translation>Schema 嵌套过深</translation>
    </message>
    <message>
      <source>The schema is not valid JSON: {why}</source>
      <translation>Schema 不是有效的 JSON：{why}</translation>
    </message>
    <message>
      <source>The servers' JSON</source>
      <translation>服务器的 JSON</translation>
    </message>
    <message>
      <source>The system keyring could not be read: {why}</source>
      <translation>无法读取系统密钥环：{why}</translation>
    </message>
    <message>
      <source>The system keyring refused to delete the key: {why}</source>
      <translation>系统密钥环拒绝删除密钥：{why}</translation>
    </message>
    <message>
      <source>The system keyring refused to store the key: {why}</source>
      <translation>系统密钥环拒绝保存密钥：{why}</translation>
    </message>
    <message>
      <source>The system keyring refused to store the secret: {why}</source>
      <translation>系统密钥环拒绝保存此密钥：{why}</translation>
    </message>
    <message>
      <source>The tool {tool} did not answer within {timeout:.0f} s and was stopped</source>
      <translation>工具 {tool} 在 {timeout:.0f} 秒内没有应答，已被停止</translation>
    </message>
    <message>
      <source>The tools' results could not be kept: {why}</source>
      <translation>无法保存工具的结果：{why}</translation>
    </message>
    <message>
      <source>The value is empty: nothing was stored</source>
      <translation>值为空：没有保存任何内容</translation>
    </message>
    <message>
      <source>The value of header '{header}' contains a line break or control character</source>
      <translation>请求头“{header}”的值中含有换行符或控制字符</translation>
    </message>
    <message>
      <source>Theme</source>
      <translation>主题</translation>
    </message>
    <message>
      <source>There is already a provider with the id '{id}': choose another</source>
      <translation>已有 ID 为“{id}”的服务商：请换一个</translation>
    </message>
    <message>
      <source>There is already a server named {name}</source>
      <translation>已有名为 {name} 的服务器</translation>
    </message>
    <message>
      <source>There is already a tool called {v1}</source>
      <translation>已有名为 {v1} 的工具</translation>
    </message>
    <message>
      <source>There is no MCP server named '{name}' (ponder mcp list shows them)</source>
      <translation>没有名为“{name}”的 MCP 服务器（ponder mcp list 会列出它们）</translation>
    </message>
    <message>
      <source>There is no provider '{id}' any more</source>
      <translation>服务商“{id}”已不存在</translation>
    </message>
    <message>
      <source>There was no key in the keyring</source>
      <translation>密钥环中没有密钥</translation>
    </message>
    <message>
      <source>Thinking</source>
      <translation>思考</translation>
    </message>
    <message>
      <source>Thinking text</source>
      <translation>思考内容</translation>
    </message>
    <message>
      <source>Thinking time</source>
      <translation>思考时间</translation>
    </message>
    <message>
      <source>Thinking…</source>
      <translation>思考中…</translation>
    </message>
    <message>
      <source>Thinking… {took:.0f} s</source>
      <translation>思考中… {took:.0f} 秒</translation>
    </message>
    <message>
      <source>Thinking… {took:.0f} s · ~{rate:,.0f} tokens/s</source>
      <translation>思考中… {took:.0f} 秒 · 约 {rate:,.0f} token/秒</translation>
    </message>
    <message>
      <source>This Cherry Studio backup holds no conversations (no indexedDB in its data.json)</source>
      <translation>这个 Cherry Studio 备份中没有对话（其 data.json 中没有 indexedDB）</translation>
    </message>
    <message>
      <source>This answer is incomplete: {why}</source>
      <translation>这个回答不完整：{why}</translation>
    </message>
    <message>
      <source>This answer is not saved yet: {why}</source>
      <translation>这个回答尚未保存：{why}</translation>
    </message>
    <message>
      <source>This chat began as a comparison: see every column again</source>
      <translation>此对话始于一次对比：再次查看每一列</translation>
    </message>
    <message>
      <source>This conversation is in history already, as {id} ({title})</source>
      <translation>这个对话已在历史记录中：{id}（{title}）</translation>
    </message>
    <message>
      <source>This export is version {version}; this Ponder reads version {known} only: update Ponder</source>
      <translation>该导出文件的版本为 {version}；此版本的 Ponder 只能读取版本 {known}：请更新 Ponder</translation>
    </message>
    <message>
      <source>This image cannot be shown: its file is damaged or gone.</source>
      <translation>无法显示此图片：文件已损坏或丢失。</translation>
    </message>
    <message>
      <source>This is not a Ponder conversation export (no "format": "ponder.conversation")</source>
      <translation>这不是 Ponder 的对话导出文件（没有 "format": "ponder.conversation"）</translation>
    </message>
    <message>
      <source>This is not a history export (a JSON array or object)</source>
      <translation>这不是历史记录导出文件（应为 JSON 数组或对象）</translation>
    </message>
    <message>
      <source>This is not a list of conversations (a JSON array)</source>
      <translation>这不是对话列表（应为 JSON 数组）</translation>
    </message>
    <message>
      <source>This is not a {kind} export</source>
      <translation>这不是 {kind} 导出文件</translation>
    </message>
    <message>
      <source>This is not an export Ponder knows: {kinds}</source>
      <translation>这不是 Ponder 认识的导出文件：{kinds}</translation>
    </message>
    <message>
      <source>This is not valid JSON: {why}</source>
      <translation>这不是有效的 JSON：{why}</translation>
    </message>
    <message>
      <source>This sheet</source>
      <translation>本快捷键表</translation>
    </message>
    <message>
      <source>Thought</source>
      <translation>已思考</translation>
    </message>
    <message>
      <source>Thought for {took}</source>
      <translation>思考了 {took}</translation>
    </message>
    <message>
      <source>Time a call may take</source>
      <translation>单次调用可用的时间</translation>
    </message>
    <message>
      <source>Time to first token</source>
      <translation>首个 token 用时</translation>
    </message>
    <message>
      <source>Title:</source>
      <translation>标题：</translation>
    </message>
    <message>
      <source>Today</source>
      <translation>今天</translation>
    </message>
    <message>
      <source>Token probabilities</source>
      <translation>Token 概率</translation>
    </message>
    <message>
      <source>Tokens per second</source>
      <translation>每秒 token 数</translation>
    </message>
    <message>
      <source>Tokens/s</source>
      <translation>token/秒</translation>
    </message>
    <message>
      <source>Tool call</source>
      <translation>工具调用</translation>
    </message>
    <message>
      <source>Tool call: {named}</source>
      <translation>工具调用：{named}</translation>
    </message>
    <message>
      <source>Tool choice</source>
      <translation>工具选择</translation>
    </message>
    <message>
      <source>Tool result</source>
      <translation>工具结果</translation>
    </message>
    <message>
      <source>Tool result copied</source>
      <translation>已复制工具结果</translation>
    </message>
    <message>
      <source>Tool result for {tool_call_id}:
{v3}</source>
      <translation>{tool_call_id} 的工具结果：
{v3}</translation>
    </message>
    <message>
      <source>Tool result: {short}</source>
      <translation>工具结果：{short}</translation>
    </message>
    <message>
      <source>Tools</source>
      <translation>工具</translation>
    </message>
    <message>
      <source>Tools ({n})</source>
      <translation>工具（{n}）</translation>
    </message>
    <message>
      <source>Tools always allowed</source>
      <translation>始终允许的工具</translation>
    </message>
    <message>
      <source>Tools of MCP servers (add servers in Settings). The model may call them; each call asks you first, in the transcript, unless you chose Always for that tool.</source>
      <translation>MCP 服务器的工具（在设置中添加服务器）。模型可以调用它们；除非你为该工具选择了“始终”，否则每次调用都会先在对话中询问你。</translation>
    </message>
    <message>
      <source>Top p</source>
      <translation>Top p</translation>
    </message>
    <message numerus="yes">
      <source>Total cost of the comparison: unknown (no price known for %n answer(s))</source>
      <translation>
        <numerusform>本次对比的总费用：未知（%n 个回答的价格未知）</numerusform>
      </translation>
    </message>
    <message>
      <source>Total cost of the comparison: {cost}</source>
      <translation>本次对比的总费用：{cost}</translation>
    </message>
    <message>
      <source>Total cost of the comparison: {total}</source>
      <translation>对比总费用：{total}</translation>
    </message>
    <message>
      <source>Total cost: –</source>
      <translation>总费用：–</translation>
    </message>
    <message>
      <source>Total time</source>
      <translation>总用时</translation>
    </message>
    <message>
      <source>Translator</source>
      <translation>翻译</translation>
    </message>
    <message>
      <source>Try the demo</source>
      <translation>试用演示</translation>
    </message>
    <message>
      <source>Type or paste a JSON Schema, or choose a saved one</source>
      <translation>输入或粘贴 JSON Schema，或选择已保存的</translation>
    </message>
    <message>
      <source>Type the tool's result, then Send result</source>
      <translation>输入工具的结果，然后点击“发送结果”</translation>
    </message>
    <message>
      <source>Type to filter by name, id, provider or capability (vision, tools, reasoning)</source>
      <translation>输入以按名称、ID、服务商或能力（vision、tools、reasoning）筛选</translation>
    </message>
    <message>
      <source>Unknown dialect '{dialect}' for '{id}' (one of: {dialects})</source>
      <translation>“{id}”的接口方言“{dialect}”未知（可选：{dialects}）</translation>
    </message>
    <message>
      <source>Untitled</source>
      <translation>未命名</translation>
    </message>
    <message>
      <source>Untitled conversation</source>
      <translation>未命名对话</translation>
    </message>
    <message>
      <source>Use {name}</source>
      <translation>使用 {name}</translation>
    </message>
    <message>
      <source>Valid JSON</source>
      <translation>有效的 JSON</translation>
    </message>
    <message>
      <source>Valid JSON for the schema</source>
      <translation>符合 Schema 的有效 JSON</translation>
    </message>
    <message>
      <source>Version, where Ponder keeps its files, licence (F1)</source>
      <translation>版本、Ponder 存放文件的位置、许可证（F1）</translation>
    </message>
    <message>
      <source>Versions of this question (Edit makes a new one; each keeps its answers)</source>
      <translation>此问题的各个版本（编辑会生成新版本；每个版本保留自己的回答）</translation>
    </message>
    <message>
      <source>Waiting for the first token…</source>
      <translation>等待第一个 token…</translation>
    </message>
    <message>
      <source>Waiting for the first token… {v1:.0f} s</source>
      <translation>等待第一个 token… {v1:.0f} 秒</translation>
    </message>
    <message>
      <source>Waiting its turn…</source>
      <translation>排队等待中…</translation>
    </message>
    <message>
      <source>Waiting: {name} answers one request at a time</source>
      <translation>等待中：{name} 一次只处理一个请求</translation>
    </message>
    <message>
      <source>Waiting…</source>
      <translation>等待中…</translation>
    </message>
    <message>
      <source>Web</source>
      <translation>联网</translation>
    </message>
    <message>
      <source>Web search</source>
      <translation>联网搜索</translation>
    </message>
    <message>
      <source>Web search is offered through OpenRouter (any model) and OpenAI's search models</source>
      <translation>联网搜索可通过 OpenRouter（任意模型）和 OpenAI 的搜索模型使用</translation>
    </message>
    <message>
      <source>Web search is offered through OpenRouter and OpenAI</source>
      <translation>联网搜索可通过 OpenRouter 和 OpenAI 使用</translation>
    </message>
    <message>
      <source>Welcome to Ponder</source>
      <translation>欢迎使用 Ponder</translation>
    </message>
    <message>
      <source>What it does, for the model</source>
      <translation>它的作用（写给模型看）</translation>
    </message>
    <message>
      <source>Whose models to list</source>
      <translation>列出哪些服务商的模型</translation>
    </message>
    <message>
      <source>Working folder</source>
      <translation>工作文件夹</translation>
    </message>
    <message>
      <source>Write a message</source>
      <translation>输入消息</translation>
    </message>
    <message>
      <source>Writing</source>
      <translation>输入</translation>
    </message>
    <message>
      <source>X-Team: blue   (Authorization and the like go to the keyring)</source>
      <translation>X-Team: blue   （Authorization 之类会存入密钥环）</translation>
    </message>
    <message>
      <source>Yesterday</source>
      <translation>昨天</translation>
    </message>
    <message>
      <source>You</source>
      <translation>你</translation>
    </message>
    <message>
      <source>Your functions</source>
      <translation>你的函数</translation>
    </message>
    <message>
      <source>Your message (images only)</source>
      <translation>你的消息（仅图片）</translation>
    </message>
    <message>
      <source>Your message: {short}</source>
      <translation>你的消息：{short}</translation>
    </message>
    <message>
      <source>Your own provider</source>
      <translation>自定义服务商</translation>
    </message>
    <message>
      <source>`{tool}` of MCP server `{server}`</source>
      <translation>MCP 服务器 `{server}` 的 `{tool}`</translation>
    </message>
    <message>
      <source>allowed by --yes</source>
      <translation>由 --yes 允许</translation>
    </message>
    <message>
      <source>allowed for this conversation</source>
      <translation>已在此对话中允许</translation>
    </message>
    <message>
      <source>allowed once</source>
      <translation>已允许一次</translation>
    </message>
    <message>
      <source>alternatives: </source>
      <translation>候选数：</translation>
    </message>
    <message>
      <source>always allowed</source>
      <translation>始终允许</translation>
    </message>
    <message>
      <source>anthropic/claude-sonnet-4, google/gemini-2.5-pro   (if the model fails)</source>
      <translation>anthropic/claude-sonnet-4, google/gemini-2.5-pro   （模型失败时使用）</translation>
    </message>
    <message>
      <source>auto (the model decides)</source>
      <translation>自动（由模型决定）</translation>
    </message>
    <message>
      <source>call {name}</source>
      <translation>调用 {name}</translation>
    </message>
    <message>
      <source>cannot update {fields}</source>
      <translation>无法更新 {fields}</translation>
    </message>
    <message>
      <source>choose…</source>
      <translation>选择…</translation>
    </message>
    <message>
      <source>collapsed</source>
      <translation>已折叠</translation>
    </message>
    <message>
      <source>comparison</source>
      <translation>对比</translation>
    </message>
    <message numerus="yes">
      <source>comparison of %n model(s)</source>
      <translation>
        <numerusform>%n 个模型的对比</numerusform>
      </translation>
    </message>
    <message>
      <source>content_filter</source>
      <translation>内容过滤</translation>
    </message>
    <message>
      <source>context {share:.0%} of {size}k</source>
      <translation>上下文已用 {share:.0%}（共 {size}k）</translation>
    </message>
    <message>
      <source>context: default</source>
      <translation>上下文：默认</translation>
    </message>
    <message>
      <source>context: high</source>
      <translation>上下文：高</translation>
    </message>
    <message>
      <source>context: low</source>
      <translation>上下文：低</translation>
    </message>
    <message>
      <source>context: medium</source>
      <translation>上下文：中</translation>
    </message>
    <message>
      <source>cost unknown</source>
      <translation>费用未知</translation>
    </message>
    <message>
      <source>could not connect to {url}: {why}</source>
      <translation>无法连接到 {url}：{why}</translation>
    </message>
    <message>
      <source>could not find {host}: check the address, and that this machine is online</source>
      <translation>找不到 {host}：请检查地址，并确认本机已联网</translation>
    </message>
    <message>
      <source>cut off</source>
      <translation>被截断</translation>
    </message>
    <message>
      <source>default</source>
      <translation>默认</translation>
    </message>
    <message>
      <source>default effort</source>
      <translation>默认强度</translation>
    </message>
    <message>
      <source>default temp.</source>
      <translation>默认温度</translation>
    </message>
    <message>
      <source>denied</source>
      <translation>已拒绝</translation>
    </message>
    <message>
      <source>detail: {d}</source>
      <translation>细节：{d}</translation>
    </message>
    <message>
      <source>does not reason</source>
      <translation>不推理</translation>
    </message>
    <message>
      <source>e.g. My vLLM box</source>
      <translation>例如 我的 vLLM 服务器</translation>
    </message>
    <message>
      <source>e.g. http://192.168.1.20:8000/v1 (the part before /chat/completions)</source>
      <translation>例如 http://192.168.1.20:8000/v1（/chat/completions 之前的部分）</translation>
    </message>
    <message>
      <source>error</source>
      <translation>出错</translation>
    </message>
    <message>
      <source>expanded</source>
      <translation>已展开</translation>
    </message>
    <message>
      <source>failed: {why}</source>
      <translation>失败：{why}</translation>
    </message>
    <message>
      <source>files</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>first token {s:.2f} s</source>
      <translation>首个 token {s:.2f} 秒</translation>
    </message>
    <message>
      <source>first token {seconds:.1f} s</source>
      <translation>首个 token {seconds:.1f} 秒</translation>
    </message>
    <message>
      <source>for {id}</source>
      <translation>（对应 {id}）</translation>
    </message>
    <message>
      <source>formulas cannot be typeset here</source>
      <translation>此处无法排版公式</translation>
    </message>
    <message>
      <source>from the environment ({name})</source>
      <translation>来自环境变量（{name}）</translation>
    </message>
    <message>
      <source>get_weather</source>
      <translation>get_weather</translation>
    </message>
    <message>
      <source>high</source>
      <translation>高</translation>
    </message>
    <message>
      <source>highest throughput</source>
      <translation>最高吞吐</translation>
    </message>
    <message>
      <source>https://mcp.example.com/mcp</source>
      <translation>https://mcp.example.com/mcp</translation>
    </message>
    <message>
      <source>image missing</source>
      <translation>图片缺失</translation>
    </message>
    <message>
      <source>image: {name}, {width}×{height}, {mime}</source>
      <translation>图片：{name}，{width}×{height}，{mime}</translation>
    </message>
    <message>
      <source>in parallel</source>
      <translation>并行</translation>
    </message>
    <message>
      <source>in the system keyring</source>
      <translation>保存在系统密钥环中</translation>
    </message>
    <message>
      <source>in {seconds} s</source>
      <translation>用时 {seconds} 秒</translation>
    </message>
    <message>
      <source>is not an object</source>
      <translation>不是对象</translation>
    </message>
    <message>
      <source>it did not answer within {seconds:.0f} s</source>
      <translation>它在 {seconds:.0f} 秒内没有应答</translation>
    </message>
    <message>
      <source>it ended before it answered</source>
      <translation>它在应答前就结束了</translation>
    </message>
    <message>
      <source>it ended before it answered (what it wrote is below)</source>
      <translation>它在应答前就结束了（它的输出见下方）</translation>
    </message>
    <message>
      <source>length</source>
      <translation>达到长度上限</translation>
    </message>
    <message>
      <source>length (cut short)</source>
      <translation>length（被截断）</translation>
    </message>
    <message>
      <source>llama.cpp server</source>
      <translation>llama.cpp 服务器</translation>
    </message>
    <message>
      <source>low</source>
      <translation>低</translation>
    </message>
    <message>
      <source>lowest latency</source>
      <translation>最低延迟</translation>
    </message>
    <message>
      <source>lowest price</source>
      <translation>最低价格</translation>
    </message>
    <message>
      <source>made from the name</source>
      <translation>由名称生成</translation>
    </message>
    <message>
      <source>max</source>
      <translation>最高</translation>
    </message>
    <message>
      <source>medium</source>
      <translation>中</translation>
    </message>
    <message>
      <source>minimal</source>
      <translation>最少</translation>
    </message>
    <message>
      <source>no math renderer is installed</source>
      <translation>没有安装数学公式渲染器</translation>
    </message>
    <message>
      <source>no model</source>
      <translation>无模型</translation>
    </message>
    <message>
      <source>no tools are switched on</source>
      <translation>没有开启任何工具</translation>
    </message>
    <message>
      <source>none</source>
      <translation>不推理</translation>
    </message>
    <message>
      <source>none (no tool)</source>
      <translation>不调用（不用工具）</translation>
    </message>
    <message>
      <source>none (optional)</source>
      <translation>未设置（可选）</translation>
    </message>
    <message>
      <source>none yet</source>
      <translation>尚未设置</translation>
    </message>
    <message>
      <source>not JSON: {why}</source>
      <translation>不是 JSON：{why}</translation>
    </message>
    <message>
      <source>not found</source>
      <translation>未找到</translation>
    </message>
    <message>
      <source>not needed: a server on this machine</source>
      <translation>不需要：本机上的服务器</translation>
    </message>
    <message>
      <source>not run</source>
      <translation>未运行</translation>
    </message>
    <message>
      <source>not running</source>
      <translation>未运行</translation>
    </message>
    <message>
      <source>not started</source>
      <translation>未启动</translation>
    </message>
    <message>
      <source>nothing answers at {host}: is the server running on this machine?</source>
      <translation>{host} 没有响应：本机上的服务器在运行吗？</translation>
    </message>
    <message>
      <source>nothing answers at {host}: is the server running?</source>
      <translation>{host} 没有响应：服务器在运行吗？</translation>
    </message>
    <message>
      <source>npx -y @modelcontextprotocol/server-filesystem /home/me/notes</source>
      <translation>npx -y @modelcontextprotocol/server-filesystem /home/me/notes</translation>
    </message>
    <message>
      <source>off</source>
      <translation>已关闭</translation>
    </message>
    <message>
      <source>one at a time</source>
      <translation>一次一个</translation>
    </message>
    <message>
      <source>only OpenRouter routes between providers and models</source>
      <translation>只有 OpenRouter 能在服务商和模型之间路由</translation>
    </message>
    <message>
      <source>pasted</source>
      <translation>粘贴的</translation>
    </message>
    <message>
      <source>pasted image</source>
      <translation>粘贴的图片</translation>
    </message>
    <message>
      <source>provider default</source>
      <translation>服务商默认</translation>
    </message>
    <message numerus="yes">
      <source>ready, %n tool(s)</source>
      <translation>
        <numerusform>就绪，%n 个工具</numerusform>
      </translation>
    </message>
    <message>
      <source>required (some tool)</source>
      <translation>必须调用（任一工具）</translation>
    </message>
    <message>
      <source>results: </source>
      <translation>结果数：</translation>
    </message>
    <message>
      <source>started {when}</source>
      <translation>开始于 {when}</translation>
    </message>
    <message>
      <source>starting</source>
      <translation>启动中</translation>
    </message>
    <message>
      <source>stop</source>
      <translation>正常结束</translation>
    </message>
    <message>
      <source>stopped</source>
      <translation>已停止</translation>
    </message>
    <message>
      <source>stopped during a call of {tool}</source>
      <translation>在调用 {tool} 时停止</translation>
    </message>
    <message>
      <source>the answer is nested too deeply to check</source>
      <translation>回答嵌套过深，无法检查</translation>
    </message>
    <message>
      <source>the import stopped (exit {code})</source>
      <translation>导入已停止（退出码 {code}）</translation>
    </message>
    <message>
      <source>the model</source>
      <translation>模型</translation>
    </message>
    <message>
      <source>the pasted image</source>
      <translation>粘贴的图片</translation>
    </message>
    <message>
      <source>the program '{command}' could not be run (permission denied)</source>
      <translation>无法运行程序“{command}”（权限被拒绝）</translation>
    </message>
    <message>
      <source>the program '{command}' was not found (is it installed, and on PATH?)</source>
      <translation>找不到程序“{command}”（是否已安装并在 PATH 中？）</translation>
    </message>
    <message>
      <source>the secure connection to {host} failed (its certificate is not trusted, or a proxy is in the way)</source>
      <translation>与 {host} 的安全连接失败（证书不受信任，或有代理拦截）</translation>
    </message>
    <message>
      <source>the system keyring (never a file)</source>
      <translation>系统密钥环（从不写入文件）</translation>
    </message>
    <message>
      <source>the typesetter stopped on this formula</source>
      <translation>排版程序在这个公式上停止了</translation>
    </message>
    <message>
      <source>the {dialect} dialect cannot turn reasoning off</source>
      <translation>{dialect} 接口方言无法关闭推理</translation>
    </message>
    <message>
      <source>the {dialect} dialect has no web search (OpenRouter and OpenAI do)</source>
      <translation>{dialect} 接口方言没有联网搜索（OpenRouter 和 OpenAI 有）</translation>
    </message>
    <message>
      <source>the {dialect} dialect takes an effort level, not a budget</source>
      <translation>{dialect} 接口方言接受推理强度档位，而不是预算</translation>
    </message>
    <message>
      <source>there is no server of that name in Settings</source>
      <translation>设置中没有该名称的服务器</translation>
    </message>
    <message>
      <source>too long to typeset</source>
      <translation>太长，无法排版</translation>
    </message>
    <message>
      <source>tool_calls</source>
      <translation>调用工具</translation>
    </message>
    <message>
      <source>unfinished</source>
      <translation>未完成</translation>
    </message>
    <message>
      <source>unknown</source>
      <translation>未知</translation>
    </message>
    <message>
      <source>unknown reasoning effort '{effort}'</source>
      <translation>未知的推理强度“{effort}”</translation>
    </message>
    <message>
      <source>uses the old SSE transport, which Ponder does not speak (Streamable HTTP and stdio only)</source>
      <translation>使用旧的 SSE 传输方式，Ponder 不支持（只支持 Streamable HTTP 和 stdio）</translation>
    </message>
    <message>
      <source>xhigh</source>
      <translation>极高</translation>
    </message>
    <message>
      <source>{"50256": -100}   token id -&gt; bias, -100 (never) to 100 (always)</source>
      <translation>{"50256": -100}   token ID -&gt; 偏置，-100（从不）到 100（总是）</translation>
    </message>
    <message>
      <source>{"mcpServers": {"files": {"command": "npx", "args": ["-y", "…"]}}}</source>
      <translation>{"mcpServers": {"files": {"command": "npx", "args": ["-y", "…"]}}}</translation>
    </message>
    <message>
      <source>{base_url}  ({dialect} dialect)</source>
      <translation>{base_url}  （{dialect} 协议）</translation>
    </message>
    <message>
      <source>{caption}: its file is gone from {parent}</source>
      <translation>{caption}：文件已不在 {parent} 中</translation>
    </message>
    <message>
      <source>{column} is in the comparison twice with the same settings: change its effort or temperature</source>
      <translation>{column} 以相同设置在对比中出现了两次：请修改它的推理强度或温度</translation>
    </message>
    <message>
      <source>{column}: answer copied as markdown</source>
      <translation>{column}：回答已复制为 Markdown</translation>
    </message>
    <message>
      <source>{context} (nearly full)</source>
      <translation>{context}（接近上限）</translation>
    </message>
    <message>
      <source>{cost} + unknown</source>
      <translation>{cost} + 未知</translation>
    </message>
    <message>
      <source>{e}.

Import a second copy?</source>
      <translation>{e}。

再导入一份副本？</translation>
    </message>
    <message>
      <source>{filename} · {v2} (click to open)</source>
      <translation>{filename} · {v2}（点击打开）</translation>
    </message>
    <message>
      <source>{file} could not be imported: {why}</source>
      <translation>无法导入 {file}：{why}</translation>
    </message>
    <message>
      <source>{file} could not be read to the end: {why}</source>
      <translation>无法完整读取 {file}：{why}</translation>
    </message>
    <message>
      <source>{file} could not be read: {why}</source>
      <translation>无法读取 {file}：{why}</translation>
    </message>
    <message>
      <source>{file} holds no conversations.json (ChatGPT) or data.json (Cherry Studio)</source>
      <translation>{file} 中没有 conversations.json（ChatGPT）或 data.json（Cherry Studio）</translation>
    </message>
    <message>
      <source>{file} is a damaged .zip: {why}</source>
      <translation>{file} 是损坏的 .zip 文件：{why}</translation>
    </message>
    <message>
      <source>{file} is larger than any conversation export Ponder writes</source>
      <translation>{file} 比 Ponder 写出的任何对话导出文件都大</translation>
    </message>
    <message>
      <source>{file} is not a file Ponder can import</source>
      <translation>{file} 不是 Ponder 能导入的文件</translation>
    </message>
    <message numerus="yes">
      <source>{given} of %n tool result(s) given</source>
      <translation>
        <numerusform>已给出 {given} / %n 个工具结果</numerusform>
      </translation>
    </message>
    <message>
      <source>{host} cannot be reached from this network</source>
      <translation>从此网络无法访问 {host}</translation>
    </message>
    <message>
      <source>{images} · {size} to send</source>
      <translation>{images} · 待发送 {size}</translation>
    </message>
    <message>
      <source>{key} is not a token id (a whole number)</source>
      <translation>{key} 不是 token ID（应为整数）</translation>
    </message>
    <message>
      <source>{label}	{key}</source>
      <translation>{label}	{key}</translation>
    </message>
    <message>
      <source>{mid} cannot call tools</source>
      <translation>{mid} 不能调用工具</translation>
    </message>
    <message>
      <source>{mid} does not take {name}: it is not sent</source>
      <translation>{mid} 不支持 {name}：不会发送</translation>
    </message>
    <message numerus="yes">
      <source>{model} at %n reasoning effort(s)</source>
      <translation>
        <numerusform>{model} 的 %n 档推理强度</numerusform>
      </translation>
    </message>
    <message>
      <source>{model} at {v2} reasoning efforts: ask once, see what more reasoning buys</source>
      <translation>{model} 的 {v2} 档推理强度：问一次，看看更多推理能带来什么</translation>
    </message>
    <message>
      <source>{model} cannot call tools</source>
      <translation>{model} 不能调用工具</translation>
    </message>
    <message>
      <source>{model} cannot turn reasoning off</source>
      <translation>{model} 无法关闭推理</translation>
    </message>
    <message>
      <source>{model} does not reason</source>
      <translation>{model} 不进行推理</translation>
    </message>
    <message>
      <source>{model} does not search the web</source>
      <translation>{model} 不支持联网搜索</translation>
    </message>
    <message>
      <source>{model} does not take images (says the provider's model list). Choose a model with vision (Ctrl+M), or mark this one as taking images there.</source>
      <translation>{model} 不支持图片（据服务商的模型列表）。请选择支持视觉的模型（Ctrl+M），或在那里把这个模型标记为支持图片。</translation>
    </message>
    <message>
      <source>{model} does not take images: choose a model with vision (Ctrl+M), or mark this one as taking images in the model list</source>
      <translation>{model} 不支持图片：请选择支持视觉的模型（Ctrl+M），或在模型列表中把这个模型标记为支持图片</translation>
    </message>
    <message>
      <source>{model} does not take images: choose a model with vision (Ctrl+M), or remove the images. Nothing was sent.</source>
      <translation>{model} 不支持图片：请选择支持视觉的模型（Ctrl+M），或移除图片。未发送任何内容。</translation>
    </message>
    <message>
      <source>{model} does not take images: choose a model with vision to send them (they stay here).</source>
      <translation>{model} 不支持图片：请选择支持视觉的模型来发送它们（图片会保留在这里）。</translation>
    </message>
    <message>
      <source>{model} does not take response_format</source>
      <translation>{model} 不支持 response_format</translation>
    </message>
    <message>
      <source>{model} does not take {name}: it is not sent</source>
      <translation>{model} 不支持 {name}：不会发送</translation>
    </message>
    <message>
      <source>{model} does not take {param}</source>
      <translation>{model} 不支持 {param}</translation>
    </message>
    <message>
      <source>{model} gives no alternatives</source>
      <translation>{model} 不提供候选项</translation>
    </message>
    <message>
      <source>{model} gives no log probabilities (OpenAI reasoning model)</source>
      <translation>{model} 不提供对数概率（OpenAI 推理模型）</translation>
    </message>
    <message numerus="yes">
      <source>{model} offers %n reasoning effort(s): nothing to compare (a model that does not reason has no sweep)</source>
      <translation>
        <numerusform>{model} 只有 %n 档推理强度：没有可对比的（不推理的模型无法做强度扫描）</numerusform>
      </translation>
    </message>
    <message>
      <source>{model} offers {efforts}</source>
      <translation>{model} 提供 {efforts}</translation>
    </message>
    <message>
      <source>{model} takes JSON mode but not a schema</source>
      <translation>{model} 支持 JSON 模式，但不支持 Schema</translation>
    </message>
    <message>
      <source>{model} takes no logit_bias (OpenAI reasoning model)</source>
      <translation>{model} 不支持 logit_bias（OpenAI 推理模型）</translation>
    </message>
    <message>
      <source>{name} answered with a web page, not a chat stream ({where}): a captive portal, a login page or a wrong base URL? Open the address in a browser, or check the provider's base URL</source>
      <translation>{name} 返回的是网页而不是聊天数据流（{where}）：是网络认证页、登录页，还是基础 URL 写错了？请在浏览器中打开该地址，或检查服务商的基础 URL</translation>
    </message>
    <message>
      <source>{name} answered with more than {mb} MB of JSON: not a chat completion</source>
      <translation>{name} 返回了超过 {mb} MB 的 JSON：不是聊天补全结果</translation>
    </message>
    <message>
      <source>{name} answered with something that is not a chat completion</source>
      <translation>{name} 返回的内容不是聊天补全结果</translation>
    </message>
    <message>
      <source>{name} closed the connection before the answer finished</source>
      <translation>{name} 在回答完成前关闭了连接</translation>
    </message>
    <message>
      <source>{name} closed the connection without answering</source>
      <translation>{name} 未回答就关闭了连接</translation>
    </message>
    <message>
      <source>{name} could not be imported: {why}</source>
      <translation>{name} 无法导入：{why}</translation>
    </message>
    <message>
      <source>{name} is a PDF cut short: the file may be damaged</source>
      <translation>{name} 是被截断的 PDF：文件可能已损坏</translation>
    </message>
    <message>
      <source>{name} is a PDF: this provider takes images only (PDFs go through OpenRouter or OpenAI)</source>
      <translation>{name} 是 PDF：这个服务商只接受图片（PDF 可通过 OpenRouter 或 OpenAI 发送）</translation>
    </message>
    <message>
      <source>{name} is not a number JSON allows</source>
      <translation>{name} 不是 JSON 允许的数字</translation>
    </message>
    <message>
      <source>{name} is not an image Ponder can read (PNG, JPEG, WebP, GIF or BMP)</source>
      <translation>{name} 不是 Ponder 能读取的图片（PNG、JPEG、WebP、GIF 或 BMP）</translation>
    </message>
    <message>
      <source>{name} is {size}: files over {limit} are not attached</source>
      <translation>{name} 大小为 {size}：超过 {limit} 的文件不会附加</translation>
    </message>
    <message>
      <source>{name} is {size}: images over {limit} are not attached</source>
      <translation>{name} 大小为 {size}：超过 {limit} 的图片不会附加</translation>
    </message>
    <message>
      <source>{name} looks like a picture but cannot be read: the file may be damaged</source>
      <translation>{name} 看起来是图片，但无法读取：文件可能已损坏</translation>
    </message>
    <message>
      <source>{name} looks like a {kind} but cannot be read: the file may be damaged</source>
      <translation>{name} 看起来是 {kind}，但无法读取：文件可能已损坏</translation>
    </message>
    <message>
      <source>{name} looks like a {kind} image but cannot be read: the file may be damaged</source>
      <translation>{name} 看起来是 {kind} 图片，但无法读取：文件可能已损坏</translation>
    </message>
    <message>
      <source>{name} sent a model list Ponder cannot read</source>
      <translation>{name} 发来的模型列表 Ponder 无法读取</translation>
    </message>
    <message>
      <source>{name} sent nothing for too long</source>
      <translation>{name} 太久没有发送任何内容</translation>
    </message>
    <message>
      <source>{name} sent nothing for {mins:g} min: the answer was cut off</source>
      <translation>{name} 已 {mins:g} 分钟没有发来任何内容：回答被截断</translation>
    </message>
    <message>
      <source>{name} sent something that is not a chat stream ({why})</source>
      <translation>{name} 发来的内容不是聊天数据流（{why}）</translation>
    </message>
    <message>
      <source>{name} — {v2}</source>
      <translation>{name} — {v2}</translation>
    </message>
    <message>
      <source>{name}: a server of that name is there already</source>
      <translation>{name}：已有同名服务器</translation>
    </message>
    <message>
      <source>{no_reasoning} does not reason</source>
      <translation>{no_reasoning} 不推理</translation>
    </message>
    <message>
      <source>{n} in</source>
      <translation>输入 {n}</translation>
    </message>
    <message>
      <source>{n} out</source>
      <translation>输出 {n}</translation>
    </message>
    <message>
      <source>{n}/{total}</source>
      <translation>{n}/{total}</translation>
    </message>
    <message>
      <source>{path} could not be read: {v2}</source>
      <translation>无法读取 {path}：{v2}</translation>
    </message>
    <message>
      <source>{provider_name} · {model}</source>
      <translation>{provider_name} · {model}</translation>
    </message>
    <message>
      <source>{provider} answered HTTP {status}</source>
      <translation>{provider} 返回了 HTTP {status}</translation>
    </message>
    <message>
      <source>{provider} does not know this model or address: check the model name</source>
      <translation>{provider} 不认识此模型或地址：请检查模型名称</translation>
    </message>
    <message>
      <source>{provider} failed (HTTP {status})</source>
      <translation>{provider} 出错（HTTP {status}）</translation>
    </message>
    <message>
      <source>{provider} is unavailable (HTTP {status})</source>
      <translation>{provider} 暂不可用（HTTP {status}）</translation>
    </message>
    <message>
      <source>{provider} refused the parameter '{param}'</source>
      <translation>{provider} 拒绝了参数“{param}”</translation>
    </message>
    <message>
      <source>{provider} refused the request</source>
      <translation>{provider} 拒绝了请求</translation>
    </message>
    <message>
      <source>{provider} refused this request (moderation or permissions)</source>
      <translation>{provider} 拒绝了此请求（内容审核或权限）</translation>
    </message>
    <message>
      <source>{provider} says the account is out of credits: top it up</source>
      <translation>{provider} 表示账户余额不足：请充值</translation>
    </message>
    <message>
      <source>{provider} timed out before answering</source>
      <translation>{provider} 在回答前超时</translation>
    </message>
    <message>
      <source>{s:.0f} s</source>
      <translation>{s:.0f} 秒</translation>
    </message>
    <message>
      <source>{s:.1f} s</source>
      <translation>{s:.1f} 秒</translation>
    </message>
    <message>
      <source>{state} from {who}</source>
      <translation>{who} 的{state}</translation>
    </message>
    <message>
      <source>{state} from {who}: {short}</source>
      <translation>{who} 的{state}：{short}</translation>
    </message>
    <message>
      <source>{state} in {elapsed_s:.2f} s · {approval}</source>
      <translation>{state}，用时 {elapsed_s:.2f} 秒 · {approval}</translation>
    </message>
    <message>
      <source>{title}
Not answered: the request failed. Open it to see why, and Retry.</source>
      <translation>{title}
未回答：请求失败。打开查看原因，然后重试。</translation>
    </message>
    <message>
      <source>{title}
{what} · {messages} · {cost}</source>
      <translation>{title}
{what} · {messages} · {cost}</translation>
    </message>
    <message>
      <source>{tool}  ·  MCP server {server}</source>
      <translation>{tool}  ·  MCP 服务器 {server}</translation>
    </message>
    <message>
      <source>{tool} · MCP server {server}</source>
      <translation>{tool} · MCP 服务器 {server}</translation>
    </message>
    <message>
      <source>{tps:.0f} tokens/s</source>
      <translation>{tps:.0f} token/秒</translation>
    </message>
    <message>
      <source>{url} refused it ({why}): is the address right, and its token?</source>
      <translation>{url} 拒绝了请求（{why}）：地址和令牌是否正确？</translation>
    </message>
    <message>
      <source>{v0} models will answer the prompt you type below, side by side. Models… changes them; saved sets are kept there too.</source>
      <translation>{v0} 个模型将并排回答你在下方输入的提示词。“模型…”可更改它们；已保存的组合也在那里。</translation>
    </message>
    <message>
      <source>{v0} of {of}</source>
      <translation>{v0} / {of}</translation>
    </message>
    <message>
      <source>{v0} · the comparison it began with</source>
      <translation>{v0} · 它开始时的对比</translation>
    </message>
    <message>
      <source>{v0}: {v2}
Click to preview; right click or Delete to remove</source>
      <translation>{v0}：{v2}
点击预览；右键或按 Delete 移除</translation>
    </message>
    <message>
      <source>{where} has no valid role</source>
      <translation>{where} 没有有效的角色</translation>
    </message>
    <message>
      <source>{where}: a tool call is damaged</source>
      <translation>{where}：一个工具调用已损坏</translation>
    </message>
    <message>
      <source>{where}: an image is damaged</source>
      <translation>{where}：一张图片已损坏</translation>
    </message>
    <message>
      <source>{where}: the error has no message text</source>
      <translation>{where}：错误没有消息文本</translation>
    </message>
    <message>
      <source>{where}: the status {status} is not one Ponder knows</source>
      <translation>{where}：Ponder 不认识状态 {status}</translation>
    </message>
    <message>
      <source>{where}: {field} is not a list</source>
      <translation>{where}：{field} 不是列表</translation>
    </message>
    <message>
      <source>{where}: {field} is not a number</source>
      <translation>{where}：{field} 不是数字</translation>
    </message>
    <message>
      <source>{where}: {field} is not an object</source>
      <translation>{where}：{field} 不是对象</translation>
    </message>
    <message>
      <source>{where}: {field} is not text</source>
      <translation>{where}：{field} 不是文本</translation>
    </message>
    <message>
      <source>{why}.

Ponder cannot start without its history. `ponder ask` still answers in a terminal.</source>
      <translation>{why}。

没有历史记录，Ponder 无法启动。在终端中仍可用 `ponder ask` 提问。</translation>
    </message>
    <message>
      <source>{why}.

Recover now? Ponder copies what can still be read into a new history and keeps the damaged file beside it.</source>
      <translation>{why}。

现在恢复吗？Ponder 会把仍可读取的内容复制到新的历史记录中，并把损坏的文件保留在旁边。</translation>
    </message>
    <message>
      <source>{why}: retrying in {s:.0f} s</source>
      <translation>{why}：{s:.0f} 秒后重试</translation>
    </message>
    <message>
      <source>{why}: the partial answer is kept</source>
      <translation>{why}：已保留部分回答</translation>
    </message>
    <message>
      <source>~{n:,} tokens</source>
      <translation>约 {n:,} 个 token</translation>
    </message>
    <message>
      <source>✓ A valid JSON Schema</source>
      <translation>✓ 有效的 JSON Schema</translation>
    </message>
    <message>
      <source>✓ Saved as {name}</source>
      <translation>✓ 已保存为 {name}</translation>
    </message>
    <message>
      <source>✗ {e}</source>
      <translation>✗ {e}</translation>
    </message>
  </context>
</TS>
